import { hmac } from '@noble/hashes/hmac'
import { sha256 } from '@noble/hashes/sha256'
import {
  assertUscc,
  base64urlEncode,
  FILE_COPY_PLATFORM,
  findRelyingParty,
  IDENTIFYING_CLAIMS,
  jwkThumbprint,
  jwsAlgOf,
  PAIRWISE_SUBJECT_TYP,
  purposeLabels,
  signJwt,
  toWalletError,
  utf8Encode,
  verifyRpRegistration,
  type EcPublicJwk,
  type PurposeId,
  type RegisteredRelyingParty
} from '../coreImports'
import type { SimulatorContext } from './context'
import { deriveBytes, deriveKey } from './keys'
import { assertDeviceKey, holderOfDevice } from './devices'
import { SimulatorError, type Simulator } from './types'

/**
 * 线上核验 relying parties (issue #16). The platform approves an RP beforehand — its name,
 * 统一社会信用代码, the purposes and claims it may ask for and whether the law lets it receive the
 * ID number — and hands it a one-time registration code out of band (here: derived from the seed,
 * printed by `npm run mock`, what examples/rp-demo uses). With the code the RP registers its keys
 * and response endpoint (POST /relying-parties/register); from then on the root-signed registry
 * lists it (`relyingParties`), and wallets check its requests against that entry.
 */
export interface SeedRelyingParty {
  id: string
  name: string
  purposes: Partial<Record<PurposeId, string[]>>
  mayReceiveIdNumber: boolean
  /**
   * Its own mini-programs that may open the wallet with its requests (same-device). The platform
   * checks each appId's registered owner (主体) against the 统一社会信用代码 before listing it; the
   * RP cannot add one itself.
   */
  miniPrograms?: { weapp?: string[]; alipay?: string[] }
}

/** The demo RP's own mini-programs (made-up app ids in the platforms' formats). */
export const SHOP_MINI_PROGRAMS = { weapp: ['wx5e1c0a7b3d9f2468'], alipay: ['2021004135792468'] } as const

export const SEED_RELYING_PARTIES: readonly SeedRelyingParty[] = [
  // Opening an account online: the pairwise subject plus 已满18周岁; no ID number.
  {
    id: '91440101MA5D7RQ21E',
    name: '粤信通网上营业厅',
    purposes: { 'age-over-18': ['age_over_18'] },
    mayReceiveIdNumber: false,
    miniPrograms: { weapp: [...SHOP_MINI_PROGRAMS.weapp], alipay: [...SHOP_MINI_PROGRAMS.alipay] }
  },
  // A hotel group's online check-in: 旅馆业治安管理办法 lets it register the guest's ID number.
  { id: '91440106MA9Y4TKP3T', name: '花园酒店集团网上前台', purposes: { 'age-over-18': ['age_over_18'], hotel: ['name', 'id_number', 'ethnicity', 'address', 'portrait_hash'] }, mayReceiveIdNumber: true }
]

export interface RelyingPartyRecord extends SeedRelyingParty {
  key: { jwk: EcPublicJwk; enrolledAt: number } | null
  encKey: EcPublicJwk | null
  responseUri: string | null
  /** The one-time code that registers it now; spent by the registration. */
  registrationCode: string | null
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
function formatCode(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < 12; i++) s += CODE_ALPHABET[bytes[i] % 32]
  return `RP-${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`
}

/** The seeded registration code of each RP (deterministic from the seed; demo only). */
export function seedRegistrationCodes(seed: string): { id: string; name: string; registrationCode: string }[] {
  return SEED_RELYING_PARTIES.map((r) => ({ id: r.id, name: r.name, registrationCode: formatCode(deriveBytes(seed, 'rp-registration:' + r.id)) }))
}

export function buildRelyingParties(seed: string): Map<string, RelyingPartyRecord> {
  const codes = new Map(seedRegistrationCodes(seed).map((c) => [c.id, c.registrationCode]))
  for (const r of SEED_RELYING_PARTIES) {
    assertUscc(r.id, 'institution-id')
    if (!r.mayReceiveIdNumber && Object.values(r.purposes).some((c) => c!.some((x) => IDENTIFYING_CLAIMS.includes(x)))) throw new Error(`seed RP ${r.id}: identifying claims without the flag`)
  }
  return new Map(SEED_RELYING_PARTIES.map((r) => [r.id, { ...r, purposes: { ...r.purposes }, key: null, encKey: null, responseUri: null, registrationCode: codes.get(r.id)! }]))
}

/** The registry's `relyingParties` part. */
export function relyingPartiesPayload(ctx: SimulatorContext): RegisteredRelyingParty[] {
  return [...ctx.state.relyingParties.values()].map((r) => ({
    id: r.id,
    name: r.name,
    role: 'online' as const,
    purposes: structuredClone(r.purposes),
    mayReceiveIdNumber: r.mayReceiveIdNumber,
    ...(r.miniPrograms ? { miniPrograms: structuredClone(r.miniPrograms) } : {}),
    ...(r.key && r.encKey && r.responseUri ? { key: { alg: jwsAlgOf(r.key.jwk)!, jwk: r.key.jwk, enrolledAt: r.key.enrolledAt }, encKey: r.encKey, responseUri: r.responseUri } : {})
  }))
}

export const PAIRWISE_KID = 'cn-platform-pairwise-2026'
/** The platform key that signs pairwise subjects (listed in the trust list's `platform` entry). */
export const platformPairwiseKey = (seed: string) => deriveKey(seed, PAIRWISE_KID)
/** Lifetime of a pairwise subject token: it travels with one response. */
const PAIRWISE_TTL_SEC = 300

/** The pairwise id of a person at an RP: HMAC-SHA256 under a platform secret, 16 bytes. */
export function pairwiseId(seed: string, holderId: string, rpId: string): string {
  const secret = hmac(sha256, utf8Encode(seed), utf8Encode('pairwise-secret-v1'))
  return 'pw-' + base64urlEncode(hmac(sha256, secret, utf8Encode(`${holderId}\u0000${rpId}`)).subarray(0, 16))
}

function keyOfHolder(ctx: SimulatorContext, holderId: string, x: string): boolean {
  if (holderOfDevice(ctx, x) === holderId) return true
  const now = ctx.nowSec()
  return [...ctx.state.devices.values()].some((d) => d.holderId === holderId && d.status === 'active' && (d.setKeys ?? []).some((k) => k.x === x && k.until >= now))
}

/**
 * Whether `x` is the key of the phone whose DPoP proof signed the call (thumbprint `dpopJkt`), or a
 * set key of that phone still in its window; the phone active and this holder's.
 */
function keyOfCaller(ctx: SimulatorContext, holderId: string, dpopJkt: string | null, x: string): boolean {
  const d = dpopJkt === null ? undefined : ctx.state.devices.get(dpopJkt)
  if (!d || d.holderId !== holderId || d.status !== 'active') return false
  const now = ctx.nowSec()
  return d.keyX === x || (d.setKeys ?? []).some((k) => k.x === x && k.until >= now)
}

const normalizeCode = (code: string) => String(code ?? '').toUpperCase().replace(/[\s-]/g, '')

export function createRelyingParties(ctx: SimulatorContext): Pick<Simulator, 'registerRelyingParty' | 'issuePairwiseSubject'> {
  return {
    async registerRelyingParty(registration) {
      // The signature (proof of the key) before anything in it is read.
      let verified
      try {
        verified = await verifyRpRegistration(registration, { nowSec: ctx.nowSec(), backend: ctx.backend })
      } catch (e) {
        // Not a registration at all is a bad request; one whose proof fails (signature, time) is 401.
        const err = toWalletError(e)
        throw new SimulatorError(err.code, err.detail === 'signature' || err.detail === 'stale' ? 401 : 400, err.detail)
      }
      const { claims, key } = verified
      const rec = ctx.state.relyingParties.get(claims.client_id)
      // Unknown id, no open code, or the code of another RP: one answer, nothing learnt.
      if (!rec || rec.registrationCode === null || normalizeCode(rec.registrationCode) !== normalizeCode(claims.registration_code)) {
        throw new SimulatorError('ERR_RP_REGISTRATION_INVALID', 403, 'code')
      }
      const taken = [...ctx.state.relyingParties.values()].some((r) => r !== rec && (r.key?.jwk.x === key.x || r.encKey?.x === claims.enc_jwk.x))
      if (taken || [...ctx.state.institutions.values()].some((i) => i.key?.jwk.x === key.x)) throw new SimulatorError('ERR_CONFLICT', 409, 'key-in-use')
      const enrolledAt = ctx.nowSec()
      rec.key = { jwk: { kty: 'EC', crv: key.crv, x: key.x, y: key.y, kid: rec.id }, enrolledAt }
      rec.encKey = claims.enc_jwk
      rec.responseUri = claims.response_uri
      rec.registrationCode = null
      return { id: rec.id, name: rec.name, purposes: Object.entries(rec.purposes).map(([purpose, claims]) => ({ purpose, claims: [...claims!] })), mayReceiveIdNumber: rec.mayReceiveIdNumber, responseUri: rec.responseUri, enrolledAt: new Date(enrolledAt * 1000).toISOString() }
    },

    async issuePairwiseSubject(holderId, input, dpopJkt) {
      const rec = ctx.state.relyingParties.get(input.clientId)
      const rp = rec ? findRelyingParty({ relyingParties: relyingPartiesPayload(ctx) }, rec.id) : null
      if (!rec || !rp) throw new SimulatorError('ERR_RP_UNKNOWN', 404)
      assertDeviceKey(input.deviceKey)
      if (input.fields.length > 16) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'fields')
      // Only for a key of this holder's: an active phone's own key, or a set key (one purpose set's,
      // docs/presentation-format.md) of an active phone of theirs, still in its window. The token binds
      // the RP's view to that key, which signs the presentation it travels with.
      if (!keyOfHolder(ctx, holderId, input.deviceKey.x)) throw new SimulatorError('ERR_PSEUDONYM_INVALID', 403, 'device')
      // ...and of the phone that signed this call (its DPoP key, or one of that phone's set keys): one
      // of the holder's phones never has a subject bound to another phone's key.
      if (!keyOfCaller(ctx, holderId, dpopJkt, input.deviceKey.x)) throw new SimulatorError('ERR_DPOP_KEY_MISMATCH', 401)
      const allowed = rec.purposes[input.purpose as PurposeId]
      if (!allowed) throw new SimulatorError('ERR_RP_OVER_ASKING', 403, 'purpose')
      const extra = input.fields.find((f) => !allowed.includes(f) || (IDENTIFYING_CLAIMS.includes(f) && !rec.mayReceiveIdNumber))
      if (extra) throw new SimulatorError('ERR_RP_OVER_ASKING', 403, extra)
      const iat = ctx.nowSec()
      const sub = pairwiseId(ctx.seed, holderId, rec.id)
      const key = platformPairwiseKey(ctx.seed)
      const subject = await signJwt(
        { iss: FILE_COPY_PLATFORM.id, sub, aud: rec.id, cnf: { jkt: jwkThumbprint(input.deviceKey) }, iat, exp: iat + PAIRWISE_TTL_SEC },
        { typ: PAIRWISE_SUBJECT_TYP, kid: key.kid },
        key.privateJwk,
        ctx.backend
      )
      // 用证记录: the platform saw the RP, the purpose and the fields the wallet is about to send.
      ctx.usage.record({
        holderId,
        at: ctx.now().toISOString(),
        channel: 'online',
        certIds: [],
        kinds: [],
        purpose: purposeLabels[input.purpose as PurposeId] ?? input.purpose,
        verifier: { name: rec.name, role: 'online' },
        fields: [...input.fields],
        outcome: null
      })
      return { subject, pseudonym: sub, expiresAt: new Date((iat + PAIRWISE_TTL_SEC) * 1000).toISOString() }
    }
  }
}
