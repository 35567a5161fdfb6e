/**
 * The fuzz engine behind `npm run fuzz` (scripts/fuzz.ts) and its jest slice
 * (test/integration/fuzz/fuzz-slice.test.ts). Seeded and reproducible: the same `seed` gives the
 * same simulator keys, the same inputs and the same mutations (ECDSA signatures themselves may
 * differ run to run; no outcome depends on their bytes).
 *
 * Two families of inputs, each verified on both backends (jose and noble):
 * - raw: a valid CW1 / CWP1 / SD-JWT (with key binding) mutated as text or as decoded bytes and
 *   NOT re-signed — the signature checks must catch them;
 * - re-signed: the decoded body / payload / disclosure / key binding / device proof mutated and
 *   then signed again with the real (run-time, seeded) issuer or device key, so the signature
 *   passes and the parsers and claim checks behind it are what is exercised.
 */
import { createSimulator, SEED_PEOPLE } from '../mock/simulator'
import { certRegistry } from '../src/certs/registry'
import { keyPairFromSecret, nobleBackend } from '../src/services/crypto'
import { joseBackend } from '../src/services/crypto/jose.node'
import type { CryptoBackend, EcPrivateJwk, EcPublicJwk, JwsHeader } from '../src/services/crypto/types'
import { verifyCredential } from '../src/services/credential/verifyCredential'
import { base64urlDecode, base64urlEncode, utf8Decode, utf8Encode } from '../src/services/encoding'
import { isWalletError, toWalletError } from '../src/services/errors'
import { sha256B64u } from '../src/services/jws'
import { base45Decode, base45Encode, BEARER_PREFIX, createPresentation, PRESENTATION_PREFIX, verifyBearerCredential, verifyPresentation } from '../src/services/presentation'
import { BEARER_HEADER, decodeBearerBody, encodeBearerBody } from '../src/services/presentation/bearerCredential'
import { ByteReader, ByteWriter } from '../src/services/presentation/bytes'
import { CRED_HEADER, decodeCredentialBody, encodeCredentialBody, PROOF_HEADER, signDetached } from '../src/services/presentation/purposeCredential'
import { addKeyBinding, KB_JWT_TYP } from '../src/services/sdjwt/issue'
import { statusListUri } from '../src/services/status/statusUri'
import type { TrustList } from '../src/services/trust/types'
import { createStatusLookup } from '../src/services/wallet/trustMaterial'

/**
 * Re-signing uses noble: deterministic signatures (RFC 6979), so a seed reproduces every byte,
 * and it signs whatever header it is given (jose refuses a mutated `alg` before signing).
 */
const SIGNER: CryptoBackend = nobleBackend

export type Format = 'sd-jwt' | 'cw1' | 'cwp1'
export type Family = 'raw' | 're-signed'

export interface FuzzInput {
  n: number
  family: Family
  format: Format
  mutation: string
  text: string
}

export interface Outcome {
  /** 'OK' when accepted, the error code when refused with one, 'NONCODED' otherwise. */
  code: string
  /** When accepted: what the verifier vouches for (claims, kind, validity), to compare with the original's. */
  summary?: string
  detail?: string
  ms: number
  error?: string
}

export interface FuzzReport {
  seed: number
  rawCount: number
  resignedCount: number
  backends: string[]
  verifications: number
  accepted: { explanation: string; family: Family; format: Format; mutation: string; count: number }[]
  acceptedTotal: number
  unexplained: { n: number; family: Family; format: Format; mutation: string; backend: string; why: string; input: string }[]
  coded: Record<string, number>
  codedTotal: number
  nonCoded: { n: number; family: Family; format: Format; mutation: string; backend: string; error: string; input: string }[]
  disagreements: { n: number; mutation: string; outcomes: Record<string, string>; input: string }[]
  slowest: { ms: number; n: number; family: Family; format: Format; mutation: string; backend: string; code: string; inputLength: number }
  byFamilyFormat: Record<string, number>
  seconds: number
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32): reproducible with --seed.

export class Rng {
  private s: number
  constructor(seed: number) {
    this.s = seed >>> 0 || 1
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  int(n: number): number {
    return Math.floor(this.next() * n)
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)]
  }
  bytes(n: number): Uint8Array {
    return Uint8Array.from({ length: n }, () => this.int(256))
  }
}

// ---------------------------------------------------------------------------------------------
// The material: a seeded simulator, a signed-in holder, one valid input of each format.

const NOW_ISO = '2026-11-27T12:00:00+08:00'
const NOW = Math.floor(Date.parse(NOW_ISO) / 1000)
const AUD = 'verifier:fuzz'
const NONCE = 'fuzz-nonce'

export interface Material {
  now: number
  trust: TrustList
  sdJwt: string
  cw1: string
  cwp1: string
  /** The issuer key by kid (run-time, derived from the fuzz seed). */
  issuerKey(kid: string): EcPrivateJwk & { kid: string }
  device: { privateJwk: EcPrivateJwk; publicJwk: EcPublicJwk }
  statusOf: (backend: CryptoBackend) => ReturnType<typeof createStatusLookup>
}

export async function makeMaterial(seed: number): Promise<Material> {
  const rng = new Rng(seed ^ 0x5eed)
  // Seeded salts and ids and deterministic signatures: the same seed gives the same inputs, byte for byte.
  const simRng = new Rng(seed ^ 0x51a)
  const sim = createSimulator({ seed: `fuzz-${seed}`, now: () => new Date(NOW * 1000 - 600_000), random: (n) => simRng.bytes(n), backend: SIGNER })
  const device = keyPairFromSecret(rng.bytes(32))
  const person = SEED_PEOPLE.find((p) => p.certificates.some((c) => c.kind === 'id-card')) ?? SEED_PEOPLE[0]
  const { holderId } = sim.internals.tokenForTests(person.name, person.idNumber, device.publicJwk)
  const certs = sim.listCertificates(holderId)
  const idCard = certs.find((c) => c.kind === 'id-card') ?? certs[0]
  const issued = await sim.issueCredential(holderId, idCard.certId, device.publicJwk, '核验')
  const sdJwt = await addKeyBinding(issued.credential, device.privateJwk, { aud: AUD, nonce: NONCE, iat: NOW - 5 }, SIGNER)
  const batch = await sim.issuePurposeCredentials(holderId, 'hotel', device.publicJwk, 1)
  const cw1 = await createPresentation({ credentials: batch.sets[0].credentials.map(base64urlDecode), deviceKey: device.privateJwk, now: NOW - 2, backend: SIGNER })
  const cwp1 = (await sim.issuePaperCredential(holderId, idCard.certId)).credential
  const trust = sim.internals.trustListPayload()
  const statusLists: Record<string, string> = {}
  return {
    now: NOW,
    trust,
    sdJwt,
    cw1,
    cwp1,
    device,
    issuerKey(kid) {
      const at = kid.lastIndexOf('-')
      return sim.internals.issuerKey(kid.slice(0, at), Number(kid.slice(at + 1)) as 2024 | 2026).privateJwk
    },
    statusOf: (backend) =>
      createStatusLookup({
        trust: { list: trust, jws: '', fetchedAt: NOW },
        backend,
        now: NOW,
        stored: {},
        api: {
          statusList: async (id: string) => {
            // as the API client would answer: a coded error for an unknown list
            statusLists[id] ??= await sim.statusList(id).catch((e: unknown) => {
              throw toWalletError(e)
            })
            return { statusList: statusLists[id] }
          }
        }
      })
  }
}

// ---------------------------------------------------------------------------------------------
// Verifying one input as `npm run verify` does (by its prefix).

export async function verifyInput(text: string, m: Material, backend: CryptoBackend, status: ReturnType<typeof createStatusLookup>): Promise<Outcome> {
  const t0 = performance.now()
  try {
    if (text.startsWith(PRESENTATION_PREFIX)) {
      const v = await verifyPresentation(text, {
        trust: m.trust,
        registry: certRegistry,
        backend,
        now: m.now,
        status: ({ listId, idx, issuer }) => status({ uri: statusListUri(listId), idx, issuer })
      })
      checkPresentationInvariants(v, m)
      return { code: 'OK', ms: performance.now() - t0, summary: JSON.stringify({ purpose: v.purpose, certs: v.certs.map((c) => [c.kind, c.issuer.id, c.claims, c.expiresAt]) }) }
    } else if (text.startsWith(BEARER_PREFIX)) {
      const v = await verifyBearerCredential(text, {
        trust: m.trust,
        registry: certRegistry,
        backend,
        now: m.now,
        status: ({ listId, idx, issuer }) => status({ uri: statusListUri(listId), idx, issuer })
      })
      if (!v.issuer.kinds.includes(v.kind) || v.expiresAt < m.now - 30 || v.issuedAt > m.now + 30) throw new Invariant('cwp1 accepted outside its validity or issuer kinds')
      return { code: 'OK', ms: performance.now() - t0, summary: JSON.stringify([v.use, v.ref, v.kind, v.issuer.id, v.claims, v.issuedAt, v.expiresAt]) }
    } else {
      const v = await verifyCredential(text, { registry: certRegistry, trust: m.trust, backend, now: m.now, status, keyBinding: { aud: AUD, nonce: NONCE, maxAgeSeconds: 300 } })
      const p = v.payload as unknown as Record<string, unknown>
      for (const k of ['iat', 'nbf', 'exp']) if (p[k] !== undefined && typeof p[k] !== 'number') throw new Invariant(`sd-jwt accepted with non-numeric ${k}`)
      if (typeof p.exp === 'number' && p.exp < m.now - 120) throw new Invariant('sd-jwt accepted after exp')
      if (!v.keyBinding || !v.issuer.kinds.includes(v.kind)) throw new Invariant('sd-jwt accepted without key binding or outside issuer kinds')
      if (p.status !== undefined && v.checks.status !== 'valid') throw new Invariant('sd-jwt accepted with a status claim that was not checked')
      return { code: 'OK', ms: performance.now() - t0, summary: JSON.stringify([v.kind, v.issuer.id, v.claims, v.payload.exp ?? null]) }
    }
  } catch (e) {
    const ms = performance.now() - t0
    if (e instanceof Invariant) return { code: 'INVARIANT', ms, error: e.message }
    if (isWalletError(e) && e.code !== 'ERR_UNKNOWN') return { code: e.code, detail: e.detail, ms }
    return { code: 'NONCODED', ms, error: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 200) : String(e).slice(0, 200) }
  }
}

/** An acceptance that breaks what acceptance promises: a finding, never explained away. */
class Invariant extends Error {}

function checkPresentationInvariants(v: Awaited<ReturnType<typeof verifyPresentation>>, m: Material): void {
  for (const c of v.certs) {
    if (!c.issuer.kinds.includes(c.kind)) throw new Invariant('cw1 accepted outside issuer kinds')
    if (c.expiresAt < m.now - 30) throw new Invariant('cw1 accepted after exp')
    const preset = certRegistry.require(c.kind).presets.find((p) => p.purpose === v.purpose)
    if (!preset || Object.keys(c.claims).some((k) => !preset.fields.includes(k))) throw new Invariant('cw1 accepted with fields beyond its purpose')
  }
}

// ---------------------------------------------------------------------------------------------
// Mutations.

const B64U = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'
const ODD = ['\u0000', '中', '\ud800', '\u202e', '=', '+', '/', ' ', '\n', '~', '.', '%']

function mutateBytes(b: Uint8Array, rng: Rng): { bytes: Uint8Array; op: string } {
  const a = Array.from(b)
  const at = rng.int(Math.max(1, a.length))
  switch (rng.int(8)) {
    case 0:
      a[at] ^= 1 << rng.int(8)
      return { bytes: Uint8Array.from(a), op: 'bit-flip' }
    case 1:
      a[at] = rng.pick([0, 1, 0x7f, 0x80, 0xff, rng.int(256)])
      return { bytes: Uint8Array.from(a), op: 'byte-set' }
    case 2:
      a.splice(at, 0, ...rng.bytes(1 + rng.int(4)))
      return { bytes: Uint8Array.from(a), op: 'byte-insert' }
    case 3:
      a.splice(at, 1 + rng.int(4))
      return { bytes: Uint8Array.from(a), op: 'byte-delete' }
    case 4:
      return { bytes: Uint8Array.from(a.slice(0, at)), op: 'truncate' }
    case 5:
      return { bytes: Uint8Array.from([...a, ...rng.bytes(1 + rng.int(16))]), op: 'append' }
    case 6: {
      const len = 1 + rng.int(8)
      a.splice(at, 0, ...a.slice(at, at + len))
      return { bytes: Uint8Array.from(a), op: 'duplicate-range' }
    }
    default:
      for (let i = 0; i < 3; i++) a[rng.int(Math.max(1, a.length))] = rng.int(256)
      return { bytes: Uint8Array.from(a), op: 'multi-byte' }
  }
}

function mutateText(t: string, alphabet: string, rng: Rng): { text: string; op: string } {
  const at = rng.int(Math.max(1, t.length))
  switch (rng.int(7)) {
    case 0:
      return { text: t.slice(0, at) + rng.pick(alphabet.split('')) + t.slice(at + 1), op: 'char-replace' }
    case 1:
      return { text: t.slice(0, at) + t.slice(at + 1 + rng.int(8)), op: 'char-delete' }
    case 2:
      return { text: t.slice(0, at) + Array.from({ length: 1 + rng.int(6) }, () => rng.pick(alphabet.split(''))).join('') + t.slice(at), op: 'char-insert' }
    case 3:
      return { text: t.slice(0, at) + rng.pick(ODD) + t.slice(at), op: 'odd-char' }
    case 4:
      return { text: t.slice(0, at), op: 'text-truncate' }
    case 5:
      return { text: t + t.slice(at), op: 'text-append-copy' }
    default:
      return { text: t.slice(0, at) + t.slice(at, at + 2).toLowerCase() + t.slice(at + 2), op: 'case-change' }
  }
}

const HUGE = 'A'.repeat(5000)
const nest = (d: number): unknown => JSON.parse('['.repeat(d) + ']'.repeat(d))
const JSON_VALUES: (() => unknown)[] = [
  () => null,
  () => true,
  () => false,
  () => 0,
  () => -1,
  () => 1.5,
  () => 2 ** 53 + 2,
  () => 1e308,
  () => -1e308,
  () => '',
  () => 'x',
  () => HUGE,
  () => '2099-01-01',
  () => String(NOW + 86400),
  () => [],
  () => ({}),
  () => [1, [2, [3]]],
  () => ({ '...': 'AAAA' }),
  () => ({ _sd: ['AAAA'] }),
  () => nest(31),
  () => nest(200),
  () => NOW + 10 * 365 * 86400,
  () => NOW - 10 * 365 * 86400,
  () => ({ kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' }),
  () => ({ status_list: { idx: -1, uri: 'x' } }),
  () => ({ status_list: { idx: 1e9, uri: 'https://zwfw.certwallet.example/api/v1/status-lists/../x' } })
]
const KEYS = ['exp', 'nbf', 'iat', 'iss', 'vct', 'cnf', 'status', '_sd', '_sd_alg', '...', '__proto__', 'constructor', 'typ', 'alg', 'kid', 'crit', 'x5u', 'jku', 'sd_hash', 'aud', 'nonce']

type Json = unknown
function pathsOf(v: Json, at: (string | number)[] = [], out: (string | number)[][] = [], depth = 0): (string | number)[][] {
  out.push(at)
  if (depth > 6) return out
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...at, i], out, depth + 1))
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) pathsOf((v as Record<string, Json>)[k], [...at, k], out, depth + 1)
  return out
}

/** One structural mutation of a JSON value (deep copy); the label names the op and the path. */
function mutateJson(v: Json, rng: Rng): { value: Json; op: string } {
  const copy = JSON.parse(JSON.stringify(v)) as Json
  const paths = pathsOf(copy)
  const path = rng.pick(paths)
  const label = path.join('.') || '$'
  const setAt = (value: Json) => {
    if (path.length === 0) return value
    let node = copy as Record<string | number, Json>
    for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, Json>
    node[path[path.length - 1]] = value
    return copy
  }
  const parentOf = () => {
    let node = copy as Record<string | number, Json>
    for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, Json>
    return node
  }
  switch (rng.int(5)) {
    case 0: {
      if (path.length === 0) return { value: rng.pick(JSON_VALUES)(), op: 'replace-root' }
      const parent = parentOf()
      const last = path[path.length - 1]
      if (Array.isArray(parent)) parent.splice(last as number, 1)
      else delete parent[last]
      return { value: copy, op: `delete ${label}` }
    }
    case 1: {
      const target = path.length === 0 ? copy : parentOf()
      if (target && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, Json>)[rng.pick(KEYS)] = rng.pick(JSON_VALUES)()
      return { value: copy, op: `add-key near ${label}` }
    }
    case 2: {
      const parent = path.length ? parentOf() : null
      if (Array.isArray(parent)) parent.push(JSON.parse(JSON.stringify(parent[path[path.length - 1] as number] ?? null)))
      return { value: copy, op: `duplicate ${label}` }
    }
    default:
      return { value: setAt(rng.pick(JSON_VALUES)()), op: `set ${label}` }
  }
}

// --- SD-JWT ------------------------------------------------------------------------------------

interface SdParts {
  header: Record<string, unknown>
  payload: Record<string, unknown>
  payloadB64: string
  headerB64: string
  sig: string
  disclosures: string[]
  kb: string | null
}

function splitSd(text: string): SdParts {
  const parts = text.split('~')
  const [h, p, s] = parts[0].split('.')
  const kb = parts[parts.length - 1] || null
  return {
    header: JSON.parse(utf8Decode(base64urlDecode(h))),
    payload: JSON.parse(utf8Decode(base64urlDecode(p))),
    headerB64: h,
    payloadB64: p,
    sig: s,
    disclosures: parts.slice(1, -1),
    kb
  }
}

async function signJwsRaw(key: EcPrivateJwk, header: Record<string, unknown>, payload: Uint8Array, backend: CryptoBackend): Promise<string> {
  return backend.signJws(key, header as unknown as JwsHeader, payload)
}

async function rebuildSd(m: Material, header: Record<string, unknown>, payloadBytes: Uint8Array, disclosures: string[], kbOver: ((p: Record<string, unknown>) => Record<string, unknown>) | null, rng: Rng): Promise<string> {
  const kid = typeof header.kid === 'string' ? header.kid : ''
  let key: EcPrivateJwk
  try {
    key = m.issuerKey(kid)
  } catch {
    key = m.issuerKey(splitSd(m.sdJwt).header.kid as string)
  }
  const jwt = await signJwsRaw(key, header, payloadBytes, SIGNER)
  const sdPart = `${jwt}~${disclosures.map((d) => d + '~').join('')}`
  let kbPayload: Record<string, unknown> = { iat: NOW - 5, aud: AUD, nonce: NONCE, sd_hash: await sha256B64u(sdPart, joseBackend) }
  if (kbOver) kbPayload = kbOver(kbPayload)
  void rng
  const kb = await signJwsRaw(m.device.privateJwk, { alg: 'ES256', typ: KB_JWT_TYP }, utf8Encode(JSON.stringify(kbPayload)), SIGNER)
  return sdPart + kb
}

async function resignedSd(m: Material, rng: Rng): Promise<{ text: string; op: string }> {
  const sd = splitSd(m.sdJwt)
  const enc = (v: unknown) => utf8Encode(JSON.stringify(v))
  switch (rng.int(6)) {
    case 0:
    case 1: {
      const { value, op } = mutateJson(sd.payload, rng)
      return { text: await rebuildSd(m, sd.header, enc(value), sd.disclosures, null, rng), op: `payload ${op}` }
    }
    case 2: {
      const { value, op } = mutateJson(sd.header, rng)
      const header = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { alg: 'ES256' }
      return { text: await rebuildSd(m, header, enc(sd.payload), sd.disclosures, null, rng), op: `header ${op}` }
    }
    case 3: {
      // A disclosure mutated, its digest in _sd replaced, the issuer JWT re-signed.
      const i = rng.int(sd.disclosures.length)
      const raw = sd.disclosures[i]
      const decoded = JSON.parse(utf8Decode(base64urlDecode(raw))) as unknown
      const { value, op } = mutateJson(decoded, rng)
      const newRaw = base64urlEncode(enc(value))
      const oldDigest = await sha256B64u(raw, joseBackend)
      const newDigest = await sha256B64u(newRaw, joseBackend)
      const payload = JSON.parse(JSON.stringify(sd.payload).split(oldDigest).join(newDigest))
      const disclosures = [...sd.disclosures]
      disclosures[i] = newRaw
      return { text: await rebuildSd(m, sd.header, enc(payload), disclosures, null, rng), op: `disclosure ${op}` }
    }
    case 4: {
      const kbBase = { iat: NOW - 5, aud: AUD, nonce: NONCE, sd_hash: '' }
      const { op } = mutateJson(kbBase, rng)
      const r2 = new Rng(rng.int(1 << 30))
      return {
        text: await rebuildSd(m, sd.header, enc(sd.payload), sd.disclosures, (p) => {
          const mutated = mutateJson(p, r2).value
          return mutated && typeof mutated === 'object' && !Array.isArray(mutated) ? (mutated as Record<string, unknown>) : { v: mutated }
        }, rng),
        op: `key-binding ${op.split(' ')[0]}`
      }
    }
    default: {
      // The payload's bytes themselves mutated (not JSON any more, bad UTF-8 …), then signed.
      const { bytes, op } = mutateBytes(base64urlDecode(sd.payloadB64), rng)
      return { text: await rebuildSd(m, sd.header, bytes, sd.disclosures, null, rng), op: `payload-bytes ${op}` }
    }
  }
}

// --- CW1 / CWP1 --------------------------------------------------------------------------------

interface Cw1Parts {
  creds: Uint8Array[]
  presentedAt: number
  nonce: Uint8Array
}

function splitCw1(text: string): Cw1Parts {
  const all = base45Decode(text.slice(PRESENTATION_PREFIX.length))
  const r = new ByteReader(all.subarray(0, all.length - 64))
  r.u8()
  const n = r.u8()
  const creds = Array.from({ length: n }, () => Uint8Array.from(r.lenBytes(2048)))
  return { creds, presentedAt: r.varint(), nonce: Uint8Array.from(r.lenBytes(256)) }
}

async function buildCw1(m: Material, creds: Uint8Array[], presentedAt: number, nonce: Uint8Array, version = 1): Promise<string> {
  const w = new ByteWriter().u8(version).u8(Math.min(255, creds.length))
  for (const c of creds) w.lenBytes(c)
  w.varint(presentedAt).lenBytes(nonce)
  const signed = w.finish()
  const sig = await signDetached(signed, PROOF_HEADER, m.device.privateJwk, SIGNER)
  const all = new Uint8Array(signed.length + 64)
  all.set(signed)
  all.set(sig, signed.length)
  return PRESENTATION_PREFIX + base45Encode(all)
}

async function signBody(m: Material, body: Uint8Array, kid: string, header: JwsHeader): Promise<Uint8Array> {
  let key: EcPrivateJwk
  try {
    key = m.issuerKey(kid)
  } catch {
    key = m.issuerKey(decodeCredentialBody(splitCw1(m.cw1).creds[0].subarray(0, splitCw1(m.cw1).creds[0].length - 64), certRegistry).kid)
  }
  const sig = await signDetached(body, header, key, SIGNER)
  const out = new Uint8Array(body.length + 64)
  out.set(body)
  out.set(sig, body.length)
  return out
}

async function resignedCw1(m: Material, rng: Rng): Promise<{ text: string; op: string }> {
  const p = splitCw1(m.cw1)
  const i = rng.int(p.creds.length)
  const raw = p.creds[i]
  const bodyBytes = raw.subarray(0, raw.length - 64)
  const body = decodeCredentialBody(bodyBytes, certRegistry)
  switch (rng.int(4)) {
    case 0: {
      // Structured: one field of the decoded body changed, re-encoded, re-signed by the issuer.
      const { value, op } = mutateJson(body, rng)
      let bytes: Uint8Array
      try {
        bytes = encodeCredentialBody(value as typeof body, certRegistry)
      } catch {
        return resignedCw1Bytes(m, p, i, bodyBytes, body.kid, rng)
      }
      const creds = [...p.creds]
      creds[i] = await signBody(m, bytes, (value as typeof body)?.kid ?? body.kid, CRED_HEADER)
      return { text: await buildCw1(m, creds, p.presentedAt, p.nonce), op: `body ${op}` }
    }
    case 1:
      return resignedCw1Bytes(m, p, i, bodyBytes, body.kid, rng)
    case 2: {
      // The device proof's own fields: time, nonce, count, version.
      const which = rng.int(4)
      if (which === 0) return { text: await buildCw1(m, p.creds, rng.pick([0, NOW - 3600, NOW + 3600, 2 ** 40, NOW - 91]), p.nonce), op: 'proof presentedAt' }
      if (which === 1) return { text: await buildCw1(m, p.creds, p.presentedAt, rng.bytes(rng.int(300))), op: 'proof nonce' }
      if (which === 2) return { text: await buildCw1(m, rng.int(2) ? [] : [...p.creds, ...p.creds, ...p.creds, ...p.creds, ...p.creds], p.presentedAt, p.nonce), op: 'proof credential count' }
      return { text: await buildCw1(m, p.creds, p.presentedAt, p.nonce, rng.pick([0, 2, 255])), op: 'proof version' }
    }
    default: {
      // A credential of another device: body device key replaced, re-signed by the issuer.
      const other = keyPairFromSecret(rng.bytes(32)).publicJwk
      const bytes = encodeCredentialBody({ ...body, deviceKey: other }, certRegistry)
      const creds = [...p.creds]
      creds[i] = await signBody(m, bytes, body.kid, CRED_HEADER)
      return { text: await buildCw1(m, creds, p.presentedAt, p.nonce), op: 'body deviceKey (other device)' }
    }
  }
}

async function resignedCw1Bytes(m: Material, p: Cw1Parts, i: number, bodyBytes: Uint8Array, kid: string, rng: Rng): Promise<{ text: string; op: string }> {
  const { bytes, op } = mutateBytes(bodyBytes, rng)
  const creds = [...p.creds]
  creds[i] = await signBody(m, bytes, kid, CRED_HEADER)
  return { text: await buildCw1(m, creds, p.presentedAt, p.nonce), op: `body-bytes ${op}` }
}

async function resignedCwp1(m: Material, rng: Rng): Promise<{ text: string; op: string }> {
  const all = base45Decode(m.cwp1.slice(BEARER_PREFIX.length))
  const bodyBytes = all.subarray(0, all.length - 64)
  const body = decodeBearerBody(bodyBytes, certRegistry)
  let bytes: Uint8Array
  let op: string
  if (rng.int(2) === 0) {
    const mutated = mutateJson(body, rng)
    op = `body ${mutated.op}`
    try {
      bytes = encodeBearerBody(mutated.value as typeof body, certRegistry)
    } catch {
      const b = mutateBytes(bodyBytes, rng)
      bytes = b.bytes
      op = `body-bytes ${b.op}`
    }
  } else {
    const b = mutateBytes(bodyBytes, rng)
    bytes = b.bytes
    op = `body-bytes ${b.op}`
  }
  const signed = await signBody(m, bytes, body.kid, BEARER_HEADER)
  return { text: BEARER_PREFIX + base45Encode(signed), op }
}

// --- raw (not re-signed) ----------------------------------------------------------------------

function rawMutation(m: Material, format: Format, rng: Rng): { text: string; op: string } {
  if (format === 'sd-jwt') {
    const t = m.sdJwt
    switch (rng.int(4)) {
      case 0:
      case 1: {
        const r = mutateText(t, B64U + '.~', rng)
        return { text: r.text, op: `text ${r.op}` }
      }
      case 2: {
        // One segment's decoded bytes mutated and re-encoded (valid base64url, bad signature).
        const segs = t.split(/([.~])/)
        const idx = rng.int(Math.ceil(segs.length / 2)) * 2
        if (!segs[idx]) return { text: t + '~', op: 'segment empty+' }
        const r = mutateBytes(base64urlDecode(segs[idx]), rng)
        segs[idx] = base64urlEncode(r.bytes)
        return { text: segs.join(''), op: `segment ${r.op}` }
      }
      default: {
        const parts = t.split('~')
        const i = rng.int(parts.length)
        const j = rng.int(parts.length)
        const op = rng.int(3)
        if (op === 0) parts.splice(i, 1)
        else if (op === 1) parts.splice(i, 0, parts[j])
        else [parts[i], parts[j]] = [parts[j], parts[i]]
        return { text: parts.join('~'), op: ['segment drop', 'segment duplicate', 'segment swap'][op] }
      }
    }
  }
  const prefix = format === 'cw1' ? PRESENTATION_PREFIX : BEARER_PREFIX
  const t = format === 'cw1' ? m.cw1 : m.cwp1
  if (rng.int(2) === 0) {
    const r = mutateText(t, B45, rng)
    return { text: r.text, op: `text ${r.op}` }
  }
  const r = mutateBytes(base45Decode(t.slice(prefix.length)), rng)
  return { text: prefix + base45Encode(r.bytes), op: `bytes ${r.op}` }
}

/** Whether a raw mutation left every signed byte as it was (so acceptance is expected). */
function sameSignedBytes(m: Material, format: Format, text: string): boolean {
  try {
    if (format === 'sd-jwt') {
      const a = m.sdJwt.split(/[.~]/)
      const b = text.split(/[.~]/)
      if (a.length !== b.length || m.sdJwt.replace(/[^.~]/g, '') !== text.replace(/[^.~]/g, '')) return false
      return a.every((s, i) => base64urlEncode(base64urlDecode(s)) === base64urlEncode(base64urlDecode(b[i])))
    }
    const prefix = format === 'cw1' ? PRESENTATION_PREFIX : BEARER_PREFIX
    const orig = format === 'cw1' ? m.cw1 : m.cwp1
    if (!text.startsWith(prefix)) return false
    return base64urlEncode(base45Decode(orig.slice(prefix.length))) === base64urlEncode(base45Decode(text.slice(prefix.length)))
  } catch {
    return false
  }
}

// ---------------------------------------------------------------------------------------------

const original = (m: Material, format: Format) => (format === 'sd-jwt' ? m.sdJwt : format === 'cw1' ? m.cw1 : m.cwp1)

export async function* generateInputs(m: Material, seed: number, rawCount: number, resignedCount: number): AsyncGenerator<FuzzInput> {
  const rng = new Rng(seed)
  const formats: Format[] = ['sd-jwt', 'cw1', 'cwp1']
  for (let n = 0; n < rawCount; n++) {
    const format = formats[n % 3]
    // A mutation that leaves the input as it was is drawn again (up to 8 times), so the counts are of real changes.
    let { text, op } = rawMutation(m, format, rng)
    for (let retry = 0; retry < 8 && text === original(m, format); retry++) ({ text, op } = rawMutation(m, format, rng))
    yield { n, family: 'raw', format, mutation: op, text }
  }
  for (let k = 0; k < resignedCount; k++) {
    const format = formats[k % 3]
    const draw = () => (format === 'sd-jwt' ? resignedSd(m, rng) : format === 'cw1' ? resignedCw1(m, rng) : resignedCwp1(m, rng))
    let { text, op } = await draw()
    for (let retry = 0; retry < 8 && text === original(m, format); retry++) ({ text, op } = await draw())
    yield { n: rawCount + k, family: 're-signed', format, mutation: op, text }
  }
}

export const EXPLAIN_NOOP = 'no-op'
export const EXPLAIN_SAME_BYTES = 'same signed bytes'
export const EXPLAIN_SAME_CONTENT = 'same verified content'
export const EXPLAIN_ISSUER_CHANGE = 'signer-vouched change'

/** What each explanation means (printed under the table). */
export const EXPLANATIONS: Record<string, string> = {
  [EXPLAIN_NOOP]: 'the mutation left the text unchanged (e.g. lower-casing a digit)',
  [EXPLAIN_SAME_BYTES]: 'the mutation changed no signed or decoded byte',
  [EXPLAIN_SAME_CONTENT]:
    're-signed; what the verifier vouches for is identical to the original (the mutation hit something the format does not carry — a JWK `kty` lost to point compression — or the verifier ignores by design: an unknown header or payload member, an extra decoy `_sd` digest, a duplicated array element that re-encodes the same)',
  [EXPLAIN_ISSUER_CHANGE]:
    're-signed by the issuer (or the holder device for the proof) with a changed value that is still valid for its type: the signer vouches for it, and every acceptance invariant holds (numeric dates inside validity, issuer listed for the kind, purpose fields only, key binding and status checked)'
}

const clip = (s: string, n = 400) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s)

export async function runFuzz(opts: { seed: number; rawCount: number; resignedCount: number; onProgress?: (done: number) => void }): Promise<FuzzReport> {
  const started = performance.now()
  const m = await makeMaterial(opts.seed)
  const backends: [string, CryptoBackend][] = [
    ['jose', joseBackend],
    ['noble', nobleBackend]
  ]
  const status = Object.fromEntries(backends.map(([name, b]) => [name, m.statusOf(b)]))
  // The unmutated inputs must pass, or the run measures nothing; their summaries are the baseline.
  const baseline: Record<Format, string> = { 'sd-jwt': '', cw1: '', cwp1: '' }
  for (const [name, b] of backends) {
    for (const [format, text] of [['sd-jwt', m.sdJwt], ['cw1', m.cw1], ['cwp1', m.cwp1]] as const) {
      const o = await verifyInput(text, m, b, status[name])
      if (o.code !== 'OK') throw new Error(`fuzz: the unmutated input fails on ${name}: ${o.code} ${o.detail ?? ''} ${o.error ?? ''}`)
      baseline[format] = o.summary ?? ''
    }
  }
  const report: FuzzReport = {
    seed: opts.seed,
    rawCount: opts.rawCount,
    resignedCount: opts.resignedCount,
    backends: backends.map(([n]) => n),
    verifications: 0,
    accepted: [],
    acceptedTotal: 0,
    unexplained: [],
    coded: {},
    codedTotal: 0,
    nonCoded: [],
    disagreements: [],
    slowest: { ms: 0, n: -1, family: 'raw', format: 'sd-jwt', mutation: '', backend: '', code: '', inputLength: 0 },
    byFamilyFormat: {},
    seconds: 0
  }
  const acceptedBy = new Map<string, FuzzReport['accepted'][number]>()
  let done = 0
  for await (const input of generateInputs(m, opts.seed, opts.rawCount, opts.resignedCount)) {
    const key = `${input.family} ${input.format}`
    report.byFamilyFormat[key] = (report.byFamilyFormat[key] ?? 0) + 1
    const outcomes: Record<string, string> = {}
    for (const [name, b] of backends) {
      const o = await verifyInput(input.text, m, b, status[name])
      report.verifications++
      outcomes[name] = o.code
      if (o.ms > report.slowest.ms) report.slowest = { ms: o.ms, n: input.n, family: input.family, format: input.format, mutation: input.mutation, backend: name, code: o.code, inputLength: input.text.length }
      if (o.code === 'OK') {
        report.acceptedTotal++
        let explanation: string | null = null
        if (input.text === (input.format === 'sd-jwt' ? m.sdJwt : input.format === 'cw1' ? m.cw1 : m.cwp1)) explanation = EXPLAIN_NOOP
        else if (input.family === 'raw' && sameSignedBytes(m, input.format, input.text)) explanation = EXPLAIN_SAME_BYTES
        else if (input.family === 're-signed' && o.summary === baseline[input.format]) explanation = EXPLAIN_SAME_CONTENT
        else if (input.family === 're-signed') explanation = EXPLAIN_ISSUER_CHANGE
        if (explanation === null) {
          report.unexplained.push({ n: input.n, family: input.family, format: input.format, mutation: input.mutation, backend: name, why: 'accepted although signed bytes changed without re-signing', input: clip(input.text) })
        } else {
          const k = `${explanation}|${input.family}|${input.format}|${input.mutation.replace(/ [\w.$]*\d[\w.$]*$/, '')}`
          const row = acceptedBy.get(k) ?? { explanation, family: input.family, format: input.format, mutation: input.mutation.replace(/ [\w.$]*\d[\w.$]*$/, ''), count: 0 }
          row.count++
          acceptedBy.set(k, row)
        }
      } else if (o.code === 'INVARIANT') {
        report.unexplained.push({ n: input.n, family: input.family, format: input.format, mutation: input.mutation, backend: name, why: o.error ?? '', input: clip(input.text) })
      } else if (o.code === 'NONCODED') {
        report.nonCoded.push({ n: input.n, family: input.family, format: input.format, mutation: input.mutation, backend: name, error: o.error ?? '', input: clip(input.text) })
      } else {
        report.codedTotal++
        report.coded[o.code] = (report.coded[o.code] ?? 0) + 1
      }
    }
    if (new Set(Object.values(outcomes)).size > 1 && report.disagreements.length < 50) report.disagreements.push({ n: input.n, mutation: input.mutation, outcomes, input: clip(input.text, 200) })
    opts.onProgress?.(++done)
  }
  report.accepted = [...acceptedBy.values()].sort((a, b) => b.count - a.count)
  report.seconds = (performance.now() - started) / 1000
  return report
}
