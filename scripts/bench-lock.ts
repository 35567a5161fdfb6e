/**
 * Lock costs for `npm run bench -- lock`: what one PIN guess costs the holder (record v1: PBKDF2
 * only; v2: PBKDF2 + square chain) and what it costs an attacker with native code (OpenSSL, as a
 * cracking rig would run it), and sealing/opening one credential with the vault (P-256 ECDH +
 * XChaCha20-Poly1305). The holder's cost without JIT is in the jitless table (bench-jitless.ts).
 */
import { createDiffieHellman, pbkdf2Sync } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { createPinRecord, unlockWithPin, DEFAULT_PIN_COST, PBKDF2_ITERATIONS_V1, seal, type PinRecord } from '../src/services/lock/pinLock'
import { pbkdf2Sha256 } from '../src/services/lock/pbkdf2Sha256'
import { SQUARE_CHAIN_MODULUS } from '../src/services/lock/squareChain'
import { openWith, sealTo, vaultKeysFromDek } from '../src/services/lock/vault'
import { base64urlEncode, utf8Encode } from '../src/services/encoding'

const random = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n))

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

export interface LockBench {
  /** Holder, pure JS as in the mini-programs (this process: with JIT). */
  v1Ms: number
  v2Ms: number
  /** Attacker, native OpenSSL: µs per PBKDF2-SHA256 iteration and per 2048-bit modular squaring. */
  attacker: { iterationUs: number; squaringUs: number; ratio: number }
  sealMs: number
  openMs: number
  credentialBytes: number
}

/** A v1 record as wallets stored it before v2 (KEK = PBKDF2 only). */
export function v1Record(pin: string, dek: Uint8Array, iterations = PBKDF2_ITERATIONS_V1): PinRecord {
  const salt = random(16)
  return { v: 1, salt: base64urlEncode(salt), iterations, wrapped: seal(pbkdf2Sha256(utf8Encode(pin), salt, iterations, 32), dek, random), failures: 0, lockedUntil: null }
}

function timeUnlock(rec: PinRecord, runs: number): number {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    const r = unlockWithPin(rec, '135790', Date.now())
    times.push(performance.now() - t0)
    if (!r.ok) throw new Error('bench: unlock failed')
  }
  return median(times)
}

/**
 * The attacker's side, native: OpenSSL's PBKDF2 per iteration, and OpenSSL's Montgomery modular
 * exponentiation with exponent 2^T (T squarings) modulo the chain's N, through node:crypto's
 * Diffie-Hellman with N as the "prime". Interleaved, best of 3, so that load hits both alike.
 */
export function attackerCost(): LockBench['attacker'] {
  const T = 100_000
  const n = Buffer.from(BigInt(SQUARE_CHAIN_MODULUS).toString(16), 'hex')
  const exponent = Buffer.alloc(T / 8 + 1)
  exponent[0] = 1 // 2^T
  let it = Infinity
  let sq = Infinity
  for (let r = 0; r < 3; r++) {
    let t0 = performance.now()
    pbkdf2Sync('135790', Buffer.alloc(16), T, 32, 'sha256')
    it = Math.min(it, ((performance.now() - t0) * 1000) / T)
    const dh = createDiffieHellman(n, Buffer.from([3]))
    dh.setPrivateKey(exponent)
    t0 = performance.now()
    dh.generateKeys()
    sq = Math.min(sq, ((performance.now() - t0) * 1000) / T)
  }
  return { iterationUs: it, squaringUs: sq, ratio: sq / it }
}

export function benchLock(): LockBench {
  const dek = random(32)
  const v1Ms = timeUnlock(v1Record('135790', dek), 3)
  const v2Ms = timeUnlock(createPinRecord('135790', dek, random), 3)
  const attacker = attackerCost()
  const v = vaultKeysFromDek(random(32))
  const credential = new Uint8Array(2600).fill(65) // a typical SD-JWT VC with its disclosures
  const seals: number[] = []
  const opens: number[] = []
  for (let i = 0; i < 30; i++) {
    let t0 = performance.now()
    const sealed = sealTo(v.publicKey, credential, random)
    seals.push(performance.now() - t0)
    t0 = performance.now()
    if (!openWith(v.privateKey, sealed)) throw new Error('bench: open failed')
    opens.push(performance.now() - t0)
  }
  return { v1Ms, v2Ms, attacker, sealMs: median(seals), openMs: median(opens), credentialBytes: credential.length }
}

/** One PIN guess in PBKDF2-SHA256 iterations, for a squaring worth `ratio` iterations. */
export const guessCost = (ratio: number, cost = DEFAULT_PIN_COST) => cost.iterations + ratio * cost.squarings

export function formatLockBench(b: LockBench): string[] {
  const c = DEFAULT_PIN_COST
  const e = (n: number) => Math.round(n).toLocaleString('en')
  return [
    '## Lock (PIN and vault, pure JS as in the mini-programs)',
    '',
    `One unlock = the PIN's KDF (unwraps the data key) + opening each sealed credential. Record v1 (before): PBKDF2-SHA256 × ${PBKDF2_ITERATIONS_V1.toLocaleString('en')}. ` +
      `Record v2 (now): PBKDF2-SHA256 × ${c.iterations.toLocaleString('en')}, then ${c.squarings.toLocaleString('en')} squarings modulo RSA-2048 (src/services/lock/squareChain.ts). ` +
      'Holder times here are with JIT; without JIT see the table above. docs/security.md explains the bound.',
    '',
    '| | KDF per unlock, holder, JIT (ms, median of 3) | one guess for an attacker, in PBKDF2 iterations |',
    '| --- | ---: | ---: |',
    `| record v1 | ${b.v1Ms.toFixed(0)} | ${e(PBKDF2_ITERATIONS_V1)} |`,
    `| record v2 | ${b.v2Ms.toFixed(0)} | ${e(guessCost(b.attacker.ratio))} (at the measured ratio); ${e(guessCost(2))} (at the floor of 2 used for the bound) |`,
    '',
    `Attacker, native OpenSSL on this machine: ${b.attacker.iterationUs.toFixed(3)} µs per PBKDF2-SHA256 iteration, ${b.attacker.squaringUs.toFixed(3)} µs per 2048-bit modular squaring: one squaring = ${b.attacker.ratio.toFixed(1)} iterations.`,
    '',
    `Vault, one ${b.credentialBytes}-byte credential: seal ${b.sealMs.toFixed(2)} ms, open ${b.openMs.toFixed(2)} ms (median of 30).`,
    ''
  ]
}
