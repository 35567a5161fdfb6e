/**
 * `npm run bench [-- part …]`: prints the tables and writes them into docs/BENCHMARKS.md with the
 * machine, date and load; a part rewrites only its own sections (parts: BENCH_PARTS below).
 * Timings are compared as ratios within one run, never across machines.
 *  0. jitless: the holder's measures with JIT and under `node --jitless` (bench-jitless.ts).
 *  1. Verification of a full presentation (SD-JWT VC, 8 disclosures, key binding, status) per
 *     backend: cold first call (fresh keys: import/precompute included) and warm median.
 *  2. Token Status List: 1,000,000 entries, 1% revoked: compressed size, decode and lookup time.
 *  3. Built output sizes (after `npm run build`): WeChat main package against its 600 KB budget.
 *  - suites: the two signature suites, ES256 and SM2SM3 (scripts/bench-suites.ts), with JIT and
 *    under `node --jitless` (a child process), as iOS runs mini-program JavaScript.
 *  - h5: the H5 bundle (after `npm run build:h5`) and the first screen in Chromium with a 4× CPU
 *    throttle (after the offline build too): scripts/bench-h5.ts.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { joseBackend } from '../src/services/crypto/jose.node'
import { nobleBackend } from '../src/services/crypto'
import type { CryptoBackend } from '../src/services/crypto/types'
import { verifySdJwt } from '../src/services/sdjwt/verify'
import { decodeStatusList, encodeStatusList, STATUS_INVALID } from '../src/services/status/statusList'
import { makeFixture, newKey, NOW } from '../test/support/credentialFixture'
import { formatBundleAnalysis, formatSizeTable, measureSizes } from './bench-size'
import QRCode from 'qrcode'
import { createSimulator, simulatedSignIn } from '../mock/simulator'
import { keyPairFromSecret } from '../src/services/crypto'
import { base64urlDecode } from '../src/services/encoding'
import { createPresentation, verifyPresentation, ReplayCache, verifyBearerCredential } from '../src/services/presentation'
import { certRegistry } from '../src/certs/registry'
import { verifyTrustList } from '../src/services/trust/verifyTrustList'
import { PINNED_ROOT_KEYS } from '../src/services/trust/rootKeys'
import { benchLock, formatLockBench } from './bench-lock'
import { benchJitless, formatJitless } from './bench-jitless'
import { benchSuites, formatSuiteTable, type SuiteRow } from './bench-suites'
import { benchH5 } from './bench-h5'
import type { PurposeId } from '../src/certs/types'

/** Per preset: the CW1 presentation's size, QR version at level M, and verification time per backend. */
async function benchPresentations() {
  const sim = createSimulator()
  const now = Math.floor(Date.now() / 1000)
  const trust = await verifyTrustList(await sim.trustList(), PINNED_ROOT_KEYS, joseBackend, now)
  const cases: [PurposeId, string, string][] = [
    ['traffic-stop', '张明华', '44010619900315001X'],
    ['hotel', '张明华', '44010619900315001X'],
    ['age-over-18', '张明华', '44010619900315001X'],
    ['pharmacy', '张明华', '44010619900315001X'],
    ['degree', '陈静', '110105199304120049']
  ]
  const rows = []
  for (const [purpose, name, id] of cases) {
    const device = keyPairFromSecret(new Uint8Array(32).fill(name.length + 7)) // one phone per person
    const { holderId } = await simulatedSignIn(sim, name, id)
    // Layout 2 (issue #16): the set is bound to a key of its own, made for it (the wallet makes one per set).
    const setKey = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(40)))
    const creds = (await sim.issuePurposeCredentials(holderId, purpose, device.publicJwk, [setKey.publicJwk])).sets[0].credentials.map(base64urlDecode)
    const text = await createPresentation({ credentials: creds, deviceKey: setKey.privateJwk, now, nonce: 'N-12345678', backend: joseBackend })
    const times = { jose: 0, noble: 0 }
    for (const backend of [joseBackend, nobleBackend]) {
      const samples: number[] = []
      for (let i = 0; i < 50; i++) {
        const t = performance.now()
        await verifyPresentation(text, { trust, registry: certRegistry, backend, now, replay: new ReplayCache(), status: async () => 'valid' })
        samples.push(performance.now() - t)
      }
      times[backend.name] = median(samples)
    }
    rows.push({ purpose, bytes: creds.reduce((n, c) => n + c.length, 0) + 64, chars: text.length, version: QRCode.create(text, { errorCorrectionLevel: 'M' }).version, ...times })
  }
  return rows
}

/** Bearer credentials (CWP1): paper per kind and a degree share — size, QR version at M, verification time. */
async function benchBearer() {
  const sim = createSimulator()
  const now = Math.floor(Date.now() / 1000)
  const trust = await verifyTrustList(await sim.trustList(), PINNED_ROOT_KEYS, joseBackend, now)
  const zhang = (await simulatedSignIn(sim, '张明华', '44010619900315001X')).holderId
  const certOf = (h: string, kind: string) => sim.listCertificates(h).find((c) => c.kind === kind)!.certId
  const texts: [string, string][] = []
  for (const kind of ['id-card', 'ctid', 'social-security', 'medical-insurance']) texts.push([`paper ${kind}`, (await sim.issuePaperCredential(zhang, certOf(zhang, kind))).credential])
  const share = await sim.createDegreeShare(zhang, certOf(zhang, 'degree'), 90)
  texts.push(['degree share', (await sim.checkDegreeShare(share.code)).credential!])
  const rows = []
  for (const [what, text] of texts) {
    const times = { jose: 0, noble: 0 }
    for (const backend of [joseBackend, nobleBackend]) {
      const samples: number[] = []
      for (let i = 0; i < 50; i++) {
        const t = performance.now()
        await verifyBearerCredential(text, { trust, registry: certRegistry, backend, now, status: async () => 'valid' })
        samples.push(performance.now() - t)
      }
      times[backend.name] = median(samples)
    }
    rows.push({ what, chars: text.length, version: QRCode.create([{ data: text, mode: 'alphanumeric' }], { errorCorrectionLevel: 'M' }).version, ...times })
  }
  return rows
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}
const ms = (x: number) => x.toFixed(3)

async function benchVerify(backend: CryptoBackend, runs: number) {
  const f = makeFixture() // fresh keys: the first call pays for key import / point precomputation
  const presentation = await f.present(await f.issue())
  const opts = { trust: f.trust, backend, now: NOW, keyBinding: { aud: 'verifier:test', nonce: 'n-123', maxAgeSeconds: 60 }, status: async () => 'valid' as const }
  let t = performance.now()
  await verifySdJwt(presentation, opts)
  const cold = performance.now() - t
  // Warm: the issuer key is known (cached, precomputed); each presentation comes from a different
  // holder device, as at a real checkpoint, so the key-binding key is new every time.
  const others: string[] = []
  for (let i = 0; i < runs; i++) {
    const d = newKey('device-' + i)
    others.push(await f.present(await f.issue({ cnf: { jwk: { kty: 'EC', crv: 'P-256', x: d.publicJwk.x, y: d.publicJwk.y } } }), {}, d.privateJwk))
  }
  const times: number[] = []
  for (const p of others) {
    t = performance.now()
    await verifySdJwt(p, opts)
    times.push(performance.now() - t)
  }
  return { backend: backend.name, cold, warm: median(times), bytes: presentation.length }
}

function benchStatusList() {
  const n = 1_000_000
  const values = new Uint8Array(n)
  // 1% revoked at pseudo-random positions (xorshift32, fixed seed: repeatable, and no regular
  // pattern for zlib to exploit).
  let x = 0x9e3779b9
  let revoked = 0
  while (revoked < n / 100) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    const idx = (x >>> 0) % n
    if (values[idx] === 0) {
      values[idx] = STATUS_INVALID
      revoked++
    }
  }
  let t = performance.now()
  const claim = encodeStatusList(values, 2)
  const encodeMs = performance.now() - t
  t = performance.now()
  const list = decodeStatusList(claim)
  const decodeMs = performance.now() - t
  const lookups = 1_000_000
  let hits = 0
  t = performance.now()
  for (let i = 0; i < lookups; i++) hits += list.valueAt((i * 104729) % n) === STATUS_INVALID ? 1 : 0
  const lookupNs = ((performance.now() - t) * 1e6) / lookups
  return { n, revoked, compressedBytes: (claim.lst.length * 3) / 4, base64Chars: claim.lst.length, encodeMs, decodeMs, lookupNs, hits }
}

/** The parts of `npm run bench -- <part> …` (none: all), each writing its own sections of BENCHMARKS.md. */
export const BENCH_PARTS = ['verify', 'presentations', 'bearer', 'status', 'lock', 'jitless', 'suites', 'size', 'h5'] as const
export type BenchPart = (typeof BENCH_PARTS)[number]

/**
 * Replaces each `## ` section of `doc` that `sections` has (by its title line), keeps every other
 * one (another part's, the fuzz table), appends new ones, and sets the header's "Measured" line.
 */
export function mergeSections(doc: string, sections: string[], header: string): string {
  const split = (text: string) => {
    const parts = text.split(/\n(?=## )/)
    return { head: parts[0].startsWith('## ') ? '' : parts.shift()!, body: parts.map((p) => p.replace(/\s*$/, '\n')) }
  }
  const old = split(doc)
  const title = (sec: string) => sec.split('\n')[0].trim()
  const fresh = new Map(sections.map((sec) => [title(sec), sec.replace(/\s*$/, '\n')]))
  const out: string[] = []
  for (const sec of old.body) {
    const t = title(sec)
    out.push(fresh.get(t) ?? sec)
    fresh.delete(t)
  }
  out.push(...fresh.values())
  return [header.replace(/\s*$/, '\n'), ...out].join('\n')
}

function parseParts(argv: string[]): BenchPart[] {
  const unknown = argv.filter((a) => !(BENCH_PARTS as readonly string[]).includes(a))
  if (unknown.length) {
    console.error(`unknown part: ${unknown.join(' ')} (parts: ${BENCH_PARTS.join(' ')})`)
    process.exit(2)
  }
  return argv.length ? (argv as BenchPart[]) : [...BENCH_PARTS]
}

async function main() {
  const parts = parseParts(process.argv.slice(2))
  const want = (p: BenchPart) => parts.includes(p)
  const runs = 200
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  const date = new Date().toISOString()
  const sections: string[] = []
  const block = (lines: string[]) => sections.push(lines.join('\n'))

  if (want('verify')) {
    const verify = [await benchVerify(joseBackend, runs), await benchVerify(nobleBackend, runs)]
    const ratio = verify[1].warm / verify[0].warm
    block([
      '## Verification of a full presentation',
      '',
      `SD-JWT VC (id-card, 8 disclosures) + key-binding JWT + status lookup, ${verify[0].bytes} characters. Cold: a fresh issuer key. Warm: known issuer, a new holder device key each time. Goal: pure-JS (noble) ≤ 5 ms median.`,
      '',
      '| backend | cold first call (ms) | warm median of ' + runs + ' holders (ms) |',
      '| --- | ---: | ---: |',
      ...verify.map((v) => `| ${v.backend} | ${ms(v.cold)} | ${ms(v.warm)} |`),
      '',
      `noble / jose warm ratio: ${ratio.toFixed(1)}×`
    ])
  }
  if (want('presentations')) {
    const presentations = await benchPresentations()
    block([
      '## 亮证 QR presentations (CW1, with a verifier nonce)',
      '',
      'Goal: 交警查验 ≤ version 16 at level M. Verification: median of 50 checks of the same presentation (issuer and device keys cached), status answered from cache. The simulator\'s 公安 issuers (id-card, ctid, driving and vehicle licences) sign with SM2SM3, the others with ES256: both signatures are 64 bytes and the suite rides in the format byte, so it does not change the size.',
      '',
      '| purpose | credential + proof bytes | QR text chars | QR version (M) | verify jose (ms) | verify noble (ms) |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...presentations.map((p) => `| ${p.purpose} | ${p.bytes} | ${p.chars} | ${p.version} | ${ms(p.jose)} | ${ms(p.noble)} |`)
    ])
  }
  if (want('bearer')) {
    const bearer = await benchBearer()
    block([
      '## Bearer credentials (CWP1: paper credential, degree share)',
      '',
      'No device proof (see docs/presentation-format.md). Verification: median of 50 checks, status answered from cache.',
      '',
      '| credential | QR text chars | QR version (M) | verify jose (ms) | verify noble (ms) |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...bearer.map((b) => `| ${b.what} | ${b.chars} | ${b.version} | ${ms(b.jose)} | ${ms(b.noble)} |`)
    ])
  }
  if (want('status')) {
    const status = benchStatusList()
    block([
      '## Token Status List (2 bits per entry, zlib level 9)',
      '',
      '| entries | revoked | compressed bytes | base64url chars | encode (ms) | decode (ms) | lookup (ns) |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| ${status.n.toLocaleString('en')} | ${status.revoked.toLocaleString('en')} | ${Math.round(status.compressedBytes).toLocaleString('en')} | ${status.base64Chars.toLocaleString('en')} | ${status.encodeMs.toFixed(1)} | ${status.decodeMs.toFixed(1)} | ${status.lookupNs.toFixed(1)} |`,
      '',
      'Goal: ≤ 16 KB for 1,000,000 entries with 1% revoked.'
    ])
  }
  if (want('jitless')) block(formatJitless(await benchJitless()))
  if (want('suites')) {
    const suites = await benchSuites(100)
    const jitless = JSON.parse(
      execFileSync(process.execPath, ['--jitless', '--import', 'tsx', 'scripts/bench-suites.ts', '--json'], { env: { ...process.env, BENCH_RUNS: '30' }, maxBuffer: 1 << 20 }).toString()
    ) as SuiteRow[]
    block([
      '## Signature suites: ES256 and SM2SM3',
      '',
      'Median of 100 (with JIT) or 30 (`node --jitless`) runs. "known key": a key seen before (parsed, precomputed multiples, SM2 Z cached), as an issuer\'s is; "fresh key": a key seen for the first time, as a holder\'s device key is. The full CW1 check is one id-card credential (酒店入住 fields) plus the device proof, status and replay, every presentation from a new phone; its issuer signs with ES256 in one column and SM2SM3 in the other. SM2 runs the same pure-JS code on both backends (WebCrypto has no SM2), so on jose it is compared against WebCrypto\'s native ES256. Goal: SM2 ≤ 2× ES256 on the mini-program (noble) backend.',
      '',
      '### With JIT',
      '',
      ...formatSuiteTable(suites),
      '',
      '### `node --jitless`',
      '',
      ...formatSuiteTable(jitless)
    ])
  }
  if (want('lock')) block(formatLockBench(benchLock()))
  if (want('size')) block(['## Built output sizes', '', formatSizeTable(await measureSizes()), '', ...formatBundleAnalysis()])
  if (want('h5')) block(await benchH5())

  const header = [
    '# Benchmarks',
    '',
    `Measured ${date} on ${cpu} (${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB), Node ${process.version}, ${os.platform()} ${os.release()}, load average ${os.loadavg()[0].toFixed(1)} at the start` +
      (parts.length < BENCH_PARTS.length ? ` (parts: ${parts.join(', ')}; other sections are from earlier runs).` : '.'),
    'Written by `npm run bench` (or `npm run bench -- <part> …` with parts ' + BENCH_PARTS.join(', ') + '); compare numbers as ratios within one run.',
    ''
  ].join('\n')
  const file = 'docs/BENCHMARKS.md'
  mkdirSync('docs', { recursive: true })
  const text = mergeSections(existsSync(file) ? readFileSync(file, 'utf8') : '', sections, header)
  console.log(sections.join('\n\n'))
  writeFileSync(file, text)
}

if (require.main === module) void main()
