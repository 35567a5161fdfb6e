import { jwsAlgOf, signJwt, STATUS_LIST_URI_BASE, TRUST_LIST_TYP, type TrustedIssuer, type TrustList } from '../coreImports'
import { DAY } from './clock'
import type { SimulatorContext } from './context'
import type { SeededKey } from './keys'
import type { IssuerState } from './state'
import { SimulatorError, type Simulator } from './types'

/** The issuer's newest key valid at `atSec` and not compromised; 503 when it has none. */
export function signingKey(issuer: IssuerState, atSec: number): SeededKey {
  const k = [...issuer.keys].reverse().find((x) => atSec >= x.notBefore && atSec <= x.notAfter && x.compromisedAt === undefined)
  if (!k) throw new SimulatorError('ERR_SERVER', 503, 'no-signing-key')
  return k.key
}

/** The trust list as the root signs it: every issuer, the kinds it is listed for, its key history, its status list. */
export function trustListPayload(ctx: SimulatorContext): TrustList {
  const iat = ctx.nowSec()
  const list: TrustedIssuer[] = [...ctx.state.issuers.values()].map((i) => ({
    id: i.id,
    name: i.name,
    region: i.region,
    authority: i.authority,
    kinds: i.kinds,
    keys: i.keys.map((k) => ({ kid: k.key.kid, alg: jwsAlgOf(k.key.publicJwk)!, jwk: k.key.publicJwk, notBefore: k.notBefore, notAfter: k.notAfter, ...(k.compromisedAt !== undefined ? { compromisedAt: k.compromisedAt } : {}) })),
    statusList: STATUS_LIST_URI_BASE + i.slug
  }))
  return { iss: 'CN-GOV-ROOT', iat, exp: iat + 30 * DAY, version: 1, issuers: list }
}

/** 信任列表: the trust list, signed by the national root. */
export function createTrustList(ctx: SimulatorContext): Pick<Simulator, 'trustList'> {
  return {
    trustList: () => signJwt(trustListPayload(ctx), { typ: TRUST_LIST_TYP, kid: ctx.rootKey.kid }, ctx.rootKey.privateJwk, ctx.backend)
  }
}
