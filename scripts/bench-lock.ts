/**
 * Lock costs for `npm run bench`: the PIN's PBKDF2 (what every unlock pays) at a few iteration
 * counts, and sealing/opening one credential with the vault (P-256 ECDH + XChaCha20-Poly1305).
 */
import { performance } from 'node:perf_hooks'
import { createPinRecord, unlockWithPin, PBKDF2_ITERATIONS } from '../src/services/lock/pinLock'
import { openWith, sealTo, vaultKeysFromDek } from '../src/services/lock/vault'

const random = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n))

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

export interface LockBench {
  pbkdf2: { iterations: number; unlockMs: number }[]
  sealMs: number
  openMs: number
  credentialBytes: number
}

export function benchLock(): LockBench {
  const pbkdf2 = [20_000, PBKDF2_ITERATIONS, 100_000].map((iterations) => {
    const rec = createPinRecord('135790', random(32), random, iterations)
    const times: number[] = []
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now()
      const r = unlockWithPin(rec, '135790', Date.now())
      times.push(performance.now() - t0)
      if (!r.ok) throw new Error('bench: unlock failed')
    }
    return { iterations, unlockMs: median(times) }
  })
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
  return { pbkdf2, sealMs: median(seals), openMs: median(opens), credentialBytes: credential.length }
}

export function formatLockBench(b: LockBench): string[] {
  return [
    '## Lock (PIN and vault, pure JS as in the mini-programs)',
    '',
    'One unlock = PBKDF2-SHA256 of the PIN (unwraps the data key) + opening each sealed credential. The app uses ' +
      `${PBKDF2_ITERATIONS.toLocaleString('en')} iterations; phones run pure JS several times slower than this machine.`,
    '',
    '| PBKDF2 iterations | unlock (ms, median of 5) |',
    '| ---: | ---: |',
    ...b.pbkdf2.map((p) => `| ${p.iterations.toLocaleString('en')} | ${p.unlockMs.toFixed(0)} |`),
    '',
    `Vault, one ${b.credentialBytes}-byte credential: seal ${b.sealMs.toFixed(2)} ms, open ${b.openMs.toFixed(2)} ms (median of 30).`,
    ''
  ]
}
