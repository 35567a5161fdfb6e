/**
 * NIST P-256 (secp256r1) with SHA-256, built as @noble/curves' own `nist.ts` builds it. Importing
 * `@noble/curves/p256` instead evaluates nist.ts, which also builds P-384 and P-521 at load (not
 * marked pure, so the minifier keeps them) and pulls in SHA-384/512: about 5 KB of the WeChat main
 * package for curves the app never uses (docs/BENCHMARKS.md). Same curve object, same API.
 */
import { createCurve } from '@noble/curves/_shortw_utils'
import { Field } from '@noble/curves/abstract/modular'
import { sha256 } from '@noble/hashes/sha256'

const P = BigInt('0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff')

/** The group order n. */
export const P256_N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551')

const build = () =>
  createCurve(
    {
      n: P256_N,
      h: BigInt(1),
      a: BigInt('0xffffffff00000001000000000000000000000000fffffffffffffffffffffffc'),
      b: BigInt('0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b'),
      Gx: BigInt('0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296'),
      Gy: BigInt('0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5'),
      Fp: Field(P),
      lowS: false
    },
    sha256
  )
type P256 = ReturnType<typeof build>

let built: P256 | undefined
/**
 * The curve, built on first use. Building it (fields, validation, the curve's closures) cost 1.6 ms
 * of every H5 start for a returning user and about 3 ms for a new one (unthrottled, more on a phone
 * without JIT), on the first screen, which signs and checks nothing (docs/BENCHMARKS.md, session 9).
 */
const curve = (): P256 => (built ??= build())

/** P-256 ECDSA (not low-S normalised: WebCrypto does not normalise either) and ECDH: the members the app uses, each building the curve on first use. */
export const p256 = {
  get CURVE(): P256['CURVE'] {
    return curve().CURVE
  },
  get ProjectivePoint(): P256['ProjectivePoint'] {
    return curve().ProjectivePoint
  },
  get utils(): P256['utils'] {
    return curve().utils
  },
  getPublicKey: (...args: Parameters<P256['getPublicKey']>) => curve().getPublicKey(...args),
  getSharedSecret: (...args: Parameters<P256['getSharedSecret']>) => curve().getSharedSecret(...args),
  sign: (...args: Parameters<P256['sign']>) => curve().sign(...args),
  verify: (...args: Parameters<P256['verify']>) => curve().verify(...args)
}
