import { sha256 } from '@noble/hashes/sha256'

/**
 * The sequential half of the PIN KDF (record v2, ./pinLock.ts): y = x^(2^T) mod N, T modular
 * squarings of a 2048-bit number (Rivest–Shamir–Wagner's time-lock puzzle, 1996).
 *
 * Why: iOS runs mini-program logic without JIT. There every bytecode is interpreted, so a hash
 * loop (PBKDF2) costs the holder ~100× what it costs with JIT, while the attacker runs native code
 * on GPUs. BigInt arithmetic is native code in both JavaScriptCore and V8, JIT or not: a squaring
 * costs the phone about the same with or without JIT, and the attacker only a few times less
 * (docs/security.md, "The PIN's offline bound", with the measured ratios).
 *
 * N is the RSA-2048 challenge number (RSA Laboratories, 1991; unfactored): with N's factors,
 * 2^T mod φ(N) would shorten the chain to ~2,048 squarings, and nobody is known to have them. Even
 * then the PBKDF2 half of the KDF still stands.
 */
const RSA_2048 =
  '25195908475657893494027183240048398571429282126204032027777137836043662020707595556264018525880784406918290641249515082189298559149176184502808489120072844992687392807287776735971418347270261896375014971824691165077613379859095700097330459748808428401797429100642458691817195118746121515172654632282216869987549182422433637259085141865462043576798423387184774447920739934236584823824281198163815010674810451660377306056201619676256133844143603833904414952634432190114657544454178424020924616515723350778707749817125772467962926386356373289912154831438167899885040445364023527381951378636564391212010397122822120720357'

/** Bytes of N (and of the chain's output). */
export const SQUARE_CHAIN_BYTES = 256

let modulus: bigint | null = null
/** BigInt is built on first use (no BigInt literal: the mini-program builds' Babel targets reject them). */
const N = (): bigint => {
  if (modulus === null) modulus = BigInt(RSA_2048)
  return modulus
}

const hex = (bytes: Uint8Array): string => {
  let s = ''
  for (let i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16)
  return s
}

/** The start of the chain: 288 bytes of SHA-256 in counter mode over the seed, reduced mod N. */
function startOf(seed: Uint8Array): bigint {
  const parts: string[] = []
  for (let i = 0; i < 9; i++) {
    const block = new Uint8Array(seed.length + 1)
    block.set(seed)
    block[seed.length] = i
    parts.push(hex(sha256(block)))
  }
  const x = BigInt('0x' + parts.join('')) % N()
  // 0, 1 and N−1 square to themselves (or to 1): never reached from a hash, but refused anyway.
  return x < BigInt(2) || x === N() - BigInt(1) ? BigInt(2) : x
}

/**
 * x^(2^squarings) mod N for x derived from `seed`, as 256 big-endian bytes.
 * @example squareChain(pbkdf2Output, 25_000) // ~0.5 s on the dev machine, JIT or not
 */
export function squareChain(seed: Uint8Array, squarings: number): Uint8Array {
  if (!Number.isSafeInteger(squarings) || squarings < 0) throw new RangeError('squareChain: squarings')
  const n = N()
  let x = startOf(seed)
  for (let i = 0; i < squarings; i++) x = (x * x) % n
  const h = x.toString(16).padStart(SQUARE_CHAIN_BYTES * 2, '0')
  const out = new Uint8Array(SQUARE_CHAIN_BYTES)
  for (let i = 0; i < SQUARE_CHAIN_BYTES; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16)
  return out
}

/** The modulus, for tests and the bench's attacker-cost measure (decimal). */
export const SQUARE_CHAIN_MODULUS = RSA_2048
