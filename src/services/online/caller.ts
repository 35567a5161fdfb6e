import { WalletError } from '../errors'
import { isObject } from '../encoding'
import { requestUriOf } from './request'
import { isAppId } from './registry'
import type { ConsentView } from './types'

/**
 * Same-device from another mini-program (issue #16). A relying party's own mini-program opens the
 * wallet with `wx.navigateToMiniProgram` / `my.navigateToMiniProgram`, carrying the request by
 * reference in `extraData` (`{ client_id, request_uri }`, as the QR does). Both platforms hand it
 * to the opened mini-program as the launch/show options' `referrerInfo: { appId, extraData }`
 * (WeChat scene 1037; Alipay App.onLaunch/onShow options), with `appId` filled in by the platform,
 * not by the caller. The wallet answers the RP as always (`direct_post` to its registered
 * endpoint); the caller gets back, through `navigateBackMiniProgram({ extraData })`, only an
 * outcome (status, the request's state, an error code), never the credential.
 *
 * The caller's appId must be one the platform registered for that RP (`miniPrograms` of its
 * registry entry): otherwise any mini-program could relay a bank's request to the holder, who
 * would approve "the bank" while the attacker holds the bank session the answer completes.
 */
export type MiniProgramPlatform = 'weapp' | 'alipay'

export interface CallerRequest {
  /** The calling mini-program, as the platform reports it (`referrerInfo.appId`). */
  appId: string
  platform: MiniProgramPlatform
  clientId: string
  requestUri: string
  /** The same by-reference text a QR carries (`openid4vp://?client_id=…&request_uri=…`). */
  text: string
}

/**
 * The request another mini-program opened the wallet with, from the launch/enter options; null
 * when the wallet was not opened with one (no `referrerInfo.extraData.request_uri`). A request
 * that is there but malformed, or without the caller's appId, is ERR_RP_REQUEST_INVALID.
 */
export function callerRequestOf(options: unknown, platform: MiniProgramPlatform): CallerRequest | null {
  const ref = isObject(options) && isObject(options.referrerInfo) ? options.referrerInfo : null
  const extra = ref && isObject(ref.extraData) ? ref.extraData : null
  if (!extra || extra.request_uri === undefined) return null
  const { client_id: clientId, request_uri: requestUri } = extra
  if (typeof clientId !== 'string' || typeof requestUri !== 'string' || clientId.length > 64 || requestUri.length > 512) {
    throw new WalletError('ERR_RP_REQUEST_INVALID', { detail: 'caller-extra-data' })
  }
  if (!isAppId(platform, ref!.appId)) throw new WalletError('ERR_RP_REQUEST_INVALID', { detail: 'caller-app-id' })
  const text = `openid4vp://?client_id=${encodeURIComponent(clientId)}&request_uri=${encodeURIComponent(requestUri)}`
  const parsed = requestUriOf(text)
  if (!parsed) throw new WalletError('ERR_RP_REQUEST_INVALID', { detail: 'caller-extra-data' })
  return { appId: ref!.appId as string, platform, clientId: parsed.clientId, requestUri: parsed.requestUri, text }
}

/** After the request verified: the caller is a mini-program the platform registered for this RP (ERR_RP_UNKNOWN, detail caller-app). */
export function assertCallerRegistered(view: Pick<ConsentView, 'rp'>, caller: Pick<CallerRequest, 'appId' | 'platform'>): void {
  const apps = view.rp.miniPrograms?.[caller.platform] ?? []
  if (!apps.includes(caller.appId)) throw new WalletError('ERR_RP_UNKNOWN', { detail: 'caller-app' })
}

export type CallerStatus = 'sent' | 'declined' | 'refused'

/**
 * What goes back to the caller (`navigateBackMiniProgram({ extraData })`): strings only (Alipay
 * documents extraData values as strings). `state` only once the request verified; `error` a code.
 */
export function callerResult(caller: Pick<CallerRequest, 'requestUri'>, outcome: { status: CallerStatus; state?: string; error?: string | null }): Record<string, string> {
  return {
    type: 'certwallet-online-result',
    request_uri: caller.requestUri,
    status: outcome.status,
    ...(outcome.state ? { state: outcome.state } : {}),
    ...(outcome.error ? { error: outcome.error } : {})
  }
}
