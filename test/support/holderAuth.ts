import { keyPairFromSecret, sm2KeyPairFromSecret } from '../../src/services/crypto'
import { WalletError } from '../../src/services/errors'
import { joseBackend } from '../../src/services/crypto/jose.node'
import type { CryptoBackend, Curve, EcPrivateJwk, EcPublicJwk } from '../../src/services/crypto/types'
import { dpopSigner, holderAuthOf, type DpopSigner, type HolderAuth } from '../../src/services/api/holderAuth'

export interface TestDevice {
  privateJwk: EcPrivateJwk
  publicJwk: EcPublicJwk
  /** DPoP proofs by this key, on the given clock (the simulator's, so `iat` is fresh to it). */
  sign: DpopSigner
}

const randomBytes = async (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n))

/** A phone's device key (P-256 unless `curve: 'SM2'`) and its DPoP signer; `now` (ms) should be the simulator's clock. */
export function testDevice(opts: { now?: () => number; backend?: CryptoBackend; secret?: Uint8Array; curve?: Curve } = {}): TestDevice {
  const kp = (opts.curve === 'SM2' ? sm2KeyPairFromSecret : keyPairFromSecret)(opts.secret ?? globalThis.crypto.getRandomValues(new Uint8Array(32)))
  return { ...kp, sign: dpopSigner(kp.privateJwk, { backend: opts.backend ?? joseBackend, now: opts.now ?? (() => Date.now()), randomBytes }) }
}

/** A simulator that can mint test tokens (sim.internals.tokenForTests). */
interface TokenMinter {
  now(): Date
  internals: { tokenForTests(name: string, idNumber: string, deviceKey?: EcPublicJwk): { holderId: string; holderToken: string; refreshToken: string; displayName: string } }
}

/**
 * A signed-in holder without HTTP or a face check: tokens bound to a fresh device key, and the
 * HolderAuth the api client takes (each call gets a fresh proof on the simulator's clock).
 */
export function holderFor(sim: TokenMinter, name: string, idNumber: string, opts: { backend?: CryptoBackend; device?: TestDevice } = {}) {
  const device = opts.device ?? testDevice({ now: () => sim.now().getTime(), backend: opts.backend })
  const t = sim.internals.tokenForTests(name, idNumber, device.publicJwk)
  const auth: HolderAuth = holderAuthOf(t.holderToken, device.sign)
  return { ...t, device, auth }
}

/** The signed-in holders' auth by holder id, for stand-in wallets in store tests. */
export const signedInAuths = new Map<string, HolderAuth>()

/**
 * A stand-in wallet's `holderAuth`: the auth of whoever its `holder` is now (signed in through
 * signInOverApi, whose results land in `signedInAuths`); ERR_UNAUTHORIZED when nobody is.
 */
export function standInHolderAuth(getHolder: () => { holderId: string } | null): () => Promise<HolderAuth> {
  return async () => {
    const h = getHolder()
    const auth = h ? signedInAuths.get(h.holderId) : undefined
    if (!auth) throw new WalletError('ERR_UNAUTHORIZED')
    return auth
  }
}
