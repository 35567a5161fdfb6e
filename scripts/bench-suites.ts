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

/**
 * Medians of `runs` samples of `a` and of `b`, taken alternately (a, b, a, b …) so that a change
 * in machine load during the run weighs on both columns alike.
 */
async function timePair(runs: number, a: (i: number) => Promise<unknown>, b: (i: number) => Promise<unknown>): Promise<[number, number]> {
  await a(-1) // warm-up (JIT, caches, precomputation of a known key)
  await b(-1)
  const sa: number[] = []
  const sb: number[] = []
  for (let i = 0; i < runs; i++) {
    let t = performance.now()
    await a(i)
    sa.push(performance.now() - t)
    t = performance.now()
    await b(i)
    sb.push(performance.now() - t)
  }
  return [median(sa), median(sb)]
}

const PAYLOAD = utf8Encode(JSON.stringify({ iss: '11440000006939001Y', name: '张明华', iat: 1764000000 }))

/** A signed JWS split for verification, by a fresh key of `curve`. */
async function signedBy(backend: CryptoBackend, curve: Curve) {
  const { privateJwk, publicJwk } = keyOf(curve)
  const [h, p, s] = (await backend.signJws(privateJwk, { alg: jwsAlgOf(privateJwk)!, typ: 'bench' }, PAYLOAD)).split('.')
  return { privateJwk, publicJwk, h, p, sig: base64urlDecode(s) }
}

async function signatureRows(backend: CryptoBackend, runs: number): Promise<SuiteRow[]> {
  const known = { es: await signedBy(backend, 'P-256'), sm: await signedBy(backend, 'SM2') }
  const verifyKnown = await timePair(
    runs,
    () => backend.verify(known.es.publicJwk, known.es.h, known.es.p, known.es.sig),
    () => backend.verify(known.sm.publicJwk, known.sm.h, known.sm.p, known.sm.sig)
  )
  // A key seen for the first time (a holder's device key at a checkpoint): parse, no precomputation.
  const freshEs = await Promise.all(Array.from({ length: runs + 1 }, () => signedBy(backend, 'P-256')))
  const freshSm = await Promise.all(Array.from({ length: runs + 1 }, () => signedBy(backend, 'SM2')))
  const verifyFresh = await timePair(
    runs,
    (i) => backend.verify(freshEs[i + 1].publicJwk, freshEs[i + 1].h, freshEs[i + 1].p, freshEs[i + 1].sig),
    (i) => backend.verify(freshSm[i + 1].publicJwk, freshSm[i + 1].h, freshSm[i + 1].p, freshSm[i + 1].sig)
  )
  const sign = await timePair(
    runs,
    () => backend.signJws(known.es.privateJwk, { alg: 'ES256', typ: 'bench' }, PAYLOAD),
    () => backend.signJws(known.sm.privateJwk, { alg: 'SM2SM3', typ: 'bench' }, PAYLOAD)
  )
  return [
    { what: 'verify, known key', backend: backend.name, es256: verifyKnown[0], sm2: verifyKnown[1] },
    { what: 'verify, fresh key', backend: backend.name, es256: verifyFresh[0], sm2: verifyFresh[1] },
    { what: 'sign', backend: backend.name, es256: sign[0], sm2: sign[1] }
  ]
}

/** A CW1 of one id-card (酒店入住 fields), issuer and device on the given curves. */
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
    // Every presentation from another holder's phone (a new device key), the issuer key known.
    const cases = { es: await cw1Case('P-256', device), sm: await cw1Case('SM2', device) }
    const texts = { es: await Promise.all(Array.from({ length: runs + 1 }, () => cases.es.make())), sm: await Promise.all(Array.from({ length: runs + 1 }, () => cases.sm.make())) }
    const check = (c: typeof cases.es, text: string) =>
      verifyPresentation(text, { trust: c.trust, registry: certRegistry, backend, now: c.now, nonce: 'N-12345678', replay: new ReplayCache(), status: async () => 'valid' })
    const [es, sm] = await timePair(
      runs,
      (i) => check(cases.es, texts.es[i + 1]),
      (i) => check(cases.sm, texts.sm[i + 1])
    )
    rows.push({ what: `full CW1 check, ${device} device key; issuer ES256 vs SM2`, backend: backend.name, es256: es, sm2: sm })
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

