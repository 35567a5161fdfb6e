/**
 * ES256 against SM2SM3 on both backends: one signature verification (a known, precomputed key and
 * a fresh one), one signature, and a full CW1 check (issuer signature, device proof, purpose
 * fields, status, replay) with each suite for the issuer and for the device.
 *
 * `npx tsx scripts/bench-suites.ts` prints the table; `--json` prints the rows (the main bench runs
 * this file a second time under `node --jitless`, as iOS runs mini-program JavaScript).
 */
import { performance } from 'node:perf_hooks'
import { randomBytes } from 'node:crypto'
import { joseBackend } from '../src/services/crypto/jose.node'
import { jwsAlgOf, keyPairFromSecret, nobleBackend, sm2KeyPairFromSecret } from '../src/services/crypto'
import type { CryptoBackend, Curve, EcPrivateJwk } from '../src/services/crypto/types'
import { base64urlDecode, utf8Encode } from '../src/services/encoding'
import { certRegistry } from '../src/certs/registry'
import { createPresentation, ReplayCache, signPurposeCredential, verifyPresentation } from '../src/services/presentation'
import type { TrustList } from '../src/services/trust/types'

export interface SuiteRow {
  what: string
  backend: string
  es256: number
  sm2: number
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const keyOf = (curve: Curve) => (curve === 'SM2' ? sm2KeyPairFromSecret : keyPairFromSecret)(new Uint8Array(randomBytes(32)))

async function time(runs: number, f: (i: number) => Promise<unknown>): Promise<number> {
  await f(-1) // warm-up (JIT, caches)
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    await f(i)
    samples.push(performance.now() - t)
  }
  return median(samples)
}

async function signatureRows(backend: CryptoBackend, runs: number): Promise<SuiteRow[]> {
  const out: Record<string, Record<Curve, number>> = { 'verify, known key': { 'P-256': 0, SM2: 0 }, 'verify, fresh key': { 'P-256': 0, SM2: 0 }, sign: { 'P-256': 0, SM2: 0 } }
  for (const curve of ['P-256', 'SM2'] as const) {
    const { privateJwk, publicJwk } = keyOf(curve)
    const payload = utf8Encode(JSON.stringify({ iss: '11440000006939001Y', name: '张明华', iat: 1764000000 }))
    const [h, p, s] = (await backend.signJws(privateJwk, { alg: jwsAlgOf(privateJwk)!, typ: 'bench' }, payload)).split('.')
    const sig = base64urlDecode(s)
    out['verify, known key'][curve] = await time(runs, () => backend.verify(publicJwk, h, p, sig))
    // A key seen for the first time (a holder's device key at a checkpoint): parse, no precomputation.
    const fresh = await Promise.all(
      Array.from({ length: runs + 1 }, async () => {
        const k = keyOf(curve)
        const [hh, pp, ss] = (await backend.signJws(k.privateJwk, { alg: jwsAlgOf(k.privateJwk)!, typ: 'bench' }, payload)).split('.')
        return { key: k.publicJwk, hh, pp, sig: base64urlDecode(ss) }
      })
    )
    out['verify, fresh key'][curve] = await time(runs, (i) => {
      const f = fresh[i + 1]
      return backend.verify(f.key, f.hh, f.pp, f.sig)
    })
    out.sign[curve] = await time(runs, () => backend.signJws(privateJwk, { alg: jwsAlgOf(privateJwk)!, typ: 'bench' }, payload))
  }
  return Object.entries(out).map(([what, v]) => ({ what, backend: backend.name, es256: v['P-256'], sm2: v.SM2 }))
}

/** A CW1 of one id-card (交警查验 fields), issuer and device on the given curves. */
async function cw1Case(issuerCurve: Curve, deviceCurve: Curve) {
  const now = 1764230400
  const issuer = keyOf(issuerCurve)
  const issuerKey = { ...issuer.privateJwk, kid: `bench-${issuerCurve}` } as EcPrivateJwk & { kid: string }
  const trust: TrustList = {
    iss: 'bench-root',
    iat: now - 60,
    exp: now + 86400,
    version: 1,
    issuers: [
      {
        id: '11440000006939001Y',
        name: '广东省公安厅',
        region: '广东省',
        authority: 'public-security',
        kinds: ['id-card'],
        keys: [{ kid: issuerKey.kid, alg: jwsAlgOf(issuerKey)!, jwk: { ...issuer.publicJwk, kid: issuerKey.kid }, notBefore: now - 86400, notAfter: now + 86400 }]
      }
    ]
  }
  const make = async () => {
    const device = keyOf(deviceCurve)
    const cred = await signPurposeCredential(
      {
        purpose: 'hotel',
        kid: issuerKey.kid,
        iat: now - 60,
        exp: now + 86400,
        status: [{ listId: 'gd-gat', idx: 17 }],
        deviceKey: device.publicJwk,
        certs: [{ kind: 'id-card', claims: { name: '张明华', id_number: '44010619900315001X', ethnicity: '汉', address: '广东省广州市天河区天河路385号' } }]
      },
      issuerKey,
      certRegistry,
      joseBackend
    )
    return createPresentation({ credentials: [cred], deviceKey: device.privateJwk, now, nonce: 'N-12345678', backend: joseBackend })
  }
  return { now, trust, make }
}

async function cw1Rows(backend: CryptoBackend, runs: number): Promise<SuiteRow[]> {
  const rows: SuiteRow[] = []
  for (const device of ['P-256', 'SM2'] as const) {
    const v: Record<Curve, number> = { 'P-256': 0, SM2: 0 }
    for (const issuer of ['P-256', 'SM2'] as const) {
      const c = await cw1Case(issuer, device)
      // Every presentation from another holder's phone (a new device key), the issuer key known.
      const texts = await Promise.all(Array.from({ length: runs + 1 }, () => c.make()))
      v[issuer] = await time(runs, (i) =>
        verifyPresentation(texts[i + 1], { trust: c.trust, registry: certRegistry, backend, now: c.now, nonce: 'N-12345678', replay: new ReplayCache(), status: async () => 'valid' })
      )
    }
    rows.push({ what: `full CW1 check, ${device === 'SM2' ? 'SM2' : 'P-256'} device key; issuer ES256 vs SM2`, backend: backend.name, es256: v['P-256'], sm2: v.SM2 })
  }
  return rows
}

export async function benchSuites(runs = 100): Promise<SuiteRow[]> {
  const rows: SuiteRow[] = []
  for (const backend of [nobleBackend, joseBackend]) {
    rows.push(...(await signatureRows(backend, runs)))
    rows.push(...(await cw1Rows(backend, runs)))
  }
  return rows
}

export function formatSuiteTable(rows: SuiteRow[]): string[] {
  return [
    '| measurement | backend | ES256 (ms) | SM2SM3 (ms) | SM2 / ES256 |',
    '| --- | --- | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.what} | ${r.backend} | ${r.es256.toFixed(3)} | ${r.sm2.toFixed(3)} | ${(r.sm2 / r.es256).toFixed(2)}× |`)
  ]
}

if (require.main === module) {
  const runs = Number(process.env.BENCH_RUNS ?? 100)
  void benchSuites(runs).then((rows) => {
    if (process.argv.includes('--json')) console.log(JSON.stringify(rows))
    else console.log(formatSuiteTable(rows).join('\n'))
  })
}

