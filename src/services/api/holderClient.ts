import type { ApiClient, ApiClientOptions } from './client'
import { createCaller, errorFromResponse, faceProofBody, SIMULATED_FACE_PATH, type Caller } from './caller'
import { holderOperations } from './holderOperations'
import { holderResponseSchemas } from './generated/holderSchemas'
import { WalletError } from '../errors'
import type * as T from './types'

/**
 * The holder client: the calls the wallet page and the main package's stores make (sign-in, token
 * refresh, certificates and credentials, changes, trust and status lists, purpose credentials,
 * devices, the 家人代办 list), over their operations and response schemas only. The WeChat main
 * package builds this one (src/store/index.ts); subpackage code builds the full `createApiClient`
 * (src/store/featureStores.ts), which has these same methods (issue #12).
 */
export type HolderApiClient = Pick<
  ApiClient,
  | 'startFaceSession'
  | 'completeFaceSession'
  | 'refreshHolderToken'
  | 'simulator'
  | 'listCertificates'
  | 'issueCredential'
  | 'getOriginal'
  | 'changesSince'
  | 'issuePurposeCredentials'
  | 'listDevices'
  | 'deactivateDevice'
  | 'trustList'
  | 'statusList'
> & { delegation: Pick<ApiClient['delegation'], 'list'> }

/** The holder client's methods over a caller (the full client spreads them too). */
export function holderMethods(c: Caller): HolderApiClient {
  const { call, attempt, base, timeoutMs } = c
  return {
    startFaceSession: (name, idNumber) => call('startFaceSession', { body: { name, idNumber } satisfies T.FaceSessionRequest }),
    completeFaceSession: (sessionId, proof, deviceKey, sign) =>
      call('completeFaceSession', {
        pathParams: { sessionId },
        dpop: sign,
        body: { ...faceProofBody(proof), deviceKey: { kty: deviceKey.kty, crv: deviceKey.crv, x: deviceKey.x, y: deviceKey.y } } satisfies T.FaceSessionComplete
      }),
    refreshHolderToken: (refreshToken, sign) =>
      call('refreshHolderToken', { dpop: sign, body: { grantType: 'refresh_token', refreshToken } satisfies T.TokenRefreshRequest }),
    simulator: {
      async faceCheck(input) {
        const res = await attempt({
          url: base + SIMULATED_FACE_PATH,
          method: 'POST',
          headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
          body: JSON.stringify(input satisfies T.SimulatedFaceCheckRequest),
          timeoutMs
        })
        if (res.status < 200 || res.status >= 300) throw errorFromResponse('simulateFaceCheck', res, undefined)
        let value: unknown
        try {
          value = JSON.parse(res.body)
        } catch (e) {
          throw new WalletError('ERR_BAD_RESPONSE', { cause: e, detail: 'simulateFaceCheck: not JSON' })
        }
        // Simulator only: checked by hand, so the app bundle carries no schema of the mock's.
        const r = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>
        if (typeof r.verifyResult === 'string' && r.verifyResult) return { verifyResult: r.verifyResult }
        if (typeof r.zimId === 'string' && r.zimId) return { zimId: r.zimId }
        throw new WalletError('ERR_BAD_RESPONSE', { detail: 'simulateFaceCheck: no ticket' })
      }
    },
    listCertificates: (holder) => call('listCertificates', { holder }),
    issueCredential: (holder, certId, deviceKey, purpose) =>
      call('issueCredential', {
        pathParams: { certId },
        holder,
        body: (purpose === undefined ? { deviceKey } : { deviceKey, purpose }) satisfies T.CredentialRequest
      }),
    getOriginal: (holder, certId) => call('getOriginal', { pathParams: { certId }, holder }),
    changesSince: (holder, since) =>
      call('changesSince', {
        holder,
        query: { since: since === null ? undefined : typeof since === 'string' ? since : since.toISOString() }
      }),
    issuePurposeCredentials: (holder, purpose, deviceKey, keys) =>
      call('issuePurposeCredentials', {
        holder,
        body: (keys === undefined
          ? { purpose, deviceKey }
          : typeof keys === 'number'
            ? { purpose, deviceKey, count: keys }
            : { purpose, deviceKey, setKeys: [...keys] }) satisfies T.PurposeCredentialRequest
      }),
    listDevices: (holder) => call('listDevices', { holder }),
    deactivateDevice: (holder, deviceId) => call('deactivateDevice', { pathParams: { deviceId }, holder }),
    trustList: () => call('trustList'),
    statusList: (listId) => call('statusList', { pathParams: { listId } }),
    delegation: { list: (holder) => call('listDelegations', { holder }) }
  }
}

export function createHolderApiClient(options: ApiClientOptions): HolderApiClient {
  return holderMethods(createCaller(options, { operations: holderOperations, responseSchemas: holderResponseSchemas }))
}
