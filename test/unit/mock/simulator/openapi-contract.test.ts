/**
 * #11 item 11: every operation of mock/openapi.yaml, called with malformed, missing, oversized and
 * wrong-typed parameters and body fields (and with no or a bad token where it needs one), answers
 * a 4xx with a documented code in the yaml's ErrorBody shape — never a 5xx — and checks the
 * caller's token before it reads the body.
 *
 * The calls are GENERATED from openapi.yaml (paths × methods × parameters × requestBody schema),
 * so an operation added to the yaml is covered here without new test code.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { getResponse } from 'msw'
import { createFailureController } from '../../../../mock/failures'
import { DEMO_ADMIN_TOKEN, createHandlers } from '../../../../mock/handlers'
import { SEED_PEOPLE, createSimulator } from '../../../../mock/simulator'
import { testDevice } from '../../../support/holderAuth'
import { keyPairFromSecret } from '../../../../src/services/crypto'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { signInstitutionRequest, type InstitutionEnrolment } from '../../../../src/services/institution'
import { activationCodeOf } from '../../../support/institution'
import { parseYamlSubset, type YamlValue } from '../../../support/yamlSubset'

type Node = { [key: string]: YamlValue }
const spec = parseYamlSubset(readFileSync(join(__dirname, '../../../../mock/openapi.yaml'), 'utf8')) as Node
const schemas = (spec.components as Node).schemas as Node
const documentedCodes = new Set(((schemas.ErrorCode as Node).enum as string[]) ?? [])
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const

function resolve(schema: Node): Node {
  let s = schema
  for (let i = 0; i < 10 && typeof s.$ref === 'string'; i++) s = schemas[(s.$ref as string).replace('#/components/schemas/', '')] as Node
  return s
}

/** The simulator, its handlers and a signed-in holder (a fresh seeded state per operation). */
const sim = createSimulator()
const failures = createFailureController()
const handlers = createHandlers(sim, failures)
const person = SEED_PEOPLE[0]
const phone = testDevice({ now: () => sim.now().getTime(), secret: new Uint8Array(32).fill(7) })
const device = phone.publicJwk

/** Enrolled institutions (after each reset): police retrieves files, the pharmacy runs the counter. */
const institutionKeys = { police: keyPairFromSecret(new Uint8Array(48).fill(11)), pharmacy: keyPairFromSecret(new Uint8Array(48).fill(12)) }
const enrolled: Record<'police' | 'pharmacy', Required<Pick<InstitutionEnrolment, 'institutionId' | 'privateJwk'>>> = {} as never

/** A holder signed in on `phone`: calls carry `Authorization: DPoP <token>` and a fresh proof each. */
function signIn(): { token: string; refreshToken: string; certId: string } {
  sim.reset()
  for (const name of ['police', 'pharmacy'] as const) {
    const r = sim.enrolInstitution(activationCodeOf(name), institutionKeys[name].publicJwk)
    enrolled[name] = { institutionId: r.id, privateJwk: institutionKeys[name].privateJwk }
  }
  const { holderToken, refreshToken, holderId } = sim.internals.tokenForTests(person.name, person.idNumber, device)
  return { token: holderToken, refreshToken, certId: sim.listCertificates(holderId)[0].certId }
}

let jtiSeq = 0
/** X-Institution-Signature over exactly what is sent (method, path with query, body text). */
async function institutionSignature(o: Operation, url: string, body: string | null): Promise<string> {
  const who = o.path.startsWith('/medpay/') ? enrolled.pharmacy : enrolled.police
  const u = new URL(url)
  return signInstitutionRequest(
    { ...who, method: o.method, path: u.pathname + u.search, body: body ?? '', nowSec: Math.floor(sim.now().getTime() / 1000), jti: `contract-jti-${String(++jtiSeq).padStart(8, '0')}` },
    joseBackend
  )
}

/** A value the schema accepts; well-known names get real values so the call reaches the simulator. */
function sample(schema: Node, name: string, ctx: { certId: string }, depth = 0): unknown {
  const s = resolve(schema)
  if (name === 'certId') return ctx.certId
  if (name === 'name') return person.name
  if (name === 'idNumber') return person.idNumber
  if (name === 'deviceKey') return device
  if (name === 'refreshToken' && 'refreshToken' in ctx) return ctx.refreshToken
  if (Array.isArray(s.enum)) return s.enum[0]
  if (Array.isArray(s.anyOf)) return sample(s.anyOf[0] as Node, name, ctx, depth)
  switch (s.type) {
    case 'string':
      return s.format === 'date-time' ? '2026-11-27T04:00:00Z' : typeof s.example === 'string' ? s.example : 'x'
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? Math.max(s.minimum, 1) : 1
    case 'boolean':
      return true
    case 'array':
      return depth > 4 ? [] : [sample(s.items as Node, name, ctx, depth + 1)]
    case 'object': {
      const out: Record<string, unknown> = {}
      const props = (s.properties as Node) ?? {}
      for (const key of Object.keys(props)) if (depth < 4) out[key] = sample(props[key] as Node, key, ctx, depth + 1)
      return out
    }
    default:
      return 'x'
  }
}

const DEEP = '['.repeat(5000) + ']'.repeat(5000)
const deepValue = () => JSON.parse('['.repeat(40) + ']'.repeat(40)) as unknown
/** What a field is replaced by: wrong types, oversized, nested garbage. */
const FIELD_MUTATIONS: [string, () => unknown][] = [
  ['null', () => null],
  ['zero', () => 0],
  ['negative', () => -1],
  ['fraction', () => 1.5],
  ['huge number', () => 1e308],
  ['true', () => true],
  ['short string', () => 'x'],
  ['empty string', () => ''],
  ['blank string', () => '   '],
  ['oversized string (5 KB)', () => 'A'.repeat(5000)],
  ['oversized string (200 KB)', () => 'A'.repeat(200_000)],
  ['control characters', () => '\u0000\u202e\ud800'],
  ['array', () => ['x', 1]],
  ['object', () => ({ a: 1 })],
  ['nested garbage', () => ({ a: [{ b: [{ c: { d: [null, {}, [[]]] } }] }] })],
  ['deep nesting (40)', deepValue]
]
const PARAM_MUTATIONS: [string, string][] = [
  ['short', 'x'],
  ['oversized', 'A'.repeat(10_000)],
  ['percent-encoded NUL', '%00%FF'],
  ['dot segments', '..%2F..%2Fadmin'],
  ['unicode', '证照%F0%A0%80%80'],
  ['negative', '-1'],
  ['json', '%7B%22a%22%3A1%7D']
]
const RAW_BODIES: [string, string][] = [
  ['empty body', ''],
  ['invalid JSON', '{"a":'],
  ['JSON null', 'null'],
  ['JSON array', '[]'],
  ['JSON string', '"x"'],
  ['JSON number', '1'],
  ['deep nesting (5000)', DEEP],
  ['oversized body (1 MB)', JSON.stringify({ pad: 'A'.repeat(1 << 20) })]
]

interface Operation {
  id: string
  method: string
  path: string
  prefix: string
  op: Node
  params: Node[]
  bodySchema: Node | null
  auth: 'holder' | 'admin' | 'optional-holder' | 'institution' | 'dpop' | 'none'
  /** Holder token or institution signature (either one): an auth failure may carry either kind of code. */
  institutionAlternative: boolean
  statuses: Set<number>
}

function operationsOf(): Operation[] {
  const out: Operation[] = []
  for (const [path, item] of Object.entries(spec.paths as Node)) {
    const pathItem = item as Node
    const servers = pathItem.servers as Node[] | undefined
    const prefix = servers ? String(servers[0].url).replace(/\/$/, '') : '/api/v1'
    for (const method of HTTP_METHODS) {
      const op = pathItem[method] as Node | undefined
      if (!op) continue
      const security = (op.security as Node[] | undefined) ?? []
      const schemes = security.flatMap((s) => Object.keys(s))
      const optional = security.some((s) => Object.keys(s).length === 0)
      const signedOnly = security.length > 0 && security.every((s) => Object.keys(s).includes('institutionSignature'))
      const auth = schemes.includes('adminToken')
        ? 'admin'
        : signedOnly
          ? 'institution'
          : schemes.includes('holderToken')
            ? optional
              ? 'optional-holder'
              : 'holder'
            : schemes.includes('holderDpop')
              ? 'dpop'
              : 'none'
      const body = ((op.requestBody as Node | undefined)?.content as Node | undefined)?.['application/json'] as Node | undefined
      out.push({
        id: String(op.operationId),
        method: method.toUpperCase(),
        path,
        prefix,
        op,
        params: ((op.parameters as Node[] | undefined) ?? []).map((p) => (p.$ref ? resolve(p) : p)),
        bodySchema: body ? (body.schema as Node) : null,
        auth,
        institutionAlternative: schemes.includes('institutionSignature') && !signedOnly,
        statuses: new Set(Object.keys(op.responses as Node).map(Number))
      })
    }
  }
  return out
}

interface Call {
  label: string
  path: Record<string, string>
  query: Record<string, string>
  headers: Record<string, string>
  body: string | null
  /** An auth case: must be exactly 401 ERR_UNAUTHORIZED (or, for institution calls, `authCode`). */
  expectUnauthorized?: boolean
  /** Sent with a fresh DPoP proof by the holder's device key (made at send time, for this URL). */
  proof?: 'token' | 'key-only'
  authCode?: string
  /** Send a valid X-Institution-Signature over what is sent (default for institution calls). */
  sign?: boolean
}

function callsFor(o: Operation, ctx: { token: string; refreshToken: string; certId: string }): Call[] {
  const holder = o.auth === 'holder' || o.auth === 'optional-holder'
  const authHeaders: Record<string, string> = o.auth === 'admin' ? { 'X-Admin-Token': DEMO_ADMIN_TOKEN } : holder ? { Authorization: `DPoP ${ctx.token}` } : {}
  const proof: Call['proof'] = holder ? 'token' : o.auth === 'dpop' ? 'key-only' : undefined
  const basePath: Record<string, string> = {}
  const baseQuery: Record<string, string> = {}
  for (const p of o.params) {
    const value = String(sample((p.schema as Node) ?? { type: 'string' }, String(p.name), ctx))
    if (p.in === 'path') basePath[String(p.name)] = encodeURIComponent(value)
    else if (p.in === 'query' && p.required === true) baseQuery[String(p.name)] = value
  }
  const baseBody = o.bodySchema ? (sample(o.bodySchema, '', ctx) as Record<string, unknown>) : null
  const json = (v: unknown) => JSON.stringify(v)
  const base = (label: string, over: Partial<Call> = {}): Call => ({
    label,
    path: { ...basePath },
    query: { ...baseQuery },
    headers: { 'Content-Type': 'application/json', ...authHeaders },
    body: baseBody ? json(baseBody) : null,
    proof,
    ...over
  })
  const signed = o.auth === 'institution'
  const calls: Call[] = [base('valid-looking call')]
  if (signed) {
    // The signature before the body: none, or a broken one, with a broken body is 401 with its own code.
    const broken = o.bodySchema ? '{"broken":' : null
    calls.push(base('no signature, broken body', { body: broken, sign: false, expectUnauthorized: true, authCode: 'ERR_INSTITUTION_SIGNATURE_MISSING' }))
    calls.push(base('bad signature, broken body', { body: broken, sign: false, headers: { 'Content-Type': 'application/json', 'X-Institution-Signature': 'eyJhbGciOiJFUzI1NiJ9.e30.AAAA' }, expectUnauthorized: true, authCode: 'ERR_INSTITUTION_SIGNATURE_INVALID' }))
  }

  // Authentication before the body: no token / a bad token with a broken body is 401, not 400.
  const broken = o.bodySchema ? '{"broken":' : null
  if (o.auth === 'holder' || o.auth === 'admin') {
    calls.push(base('no token, broken body', { headers: { 'Content-Type': 'application/json' }, body: broken, expectUnauthorized: true, proof: undefined }))
  }
  if (o.auth !== 'none' && o.auth !== 'institution' && o.auth !== 'dpop') {
    const bad: Record<string, string> = o.auth === 'admin' ? { 'X-Admin-Token': 'not-the-token' } : { Authorization: 'Bearer not-a-token' }
    calls.push(base('bad token, broken body', { headers: { 'Content-Type': 'application/json', ...bad }, body: broken, expectUnauthorized: true }))
    if (o.auth !== 'admin') calls.push(base('malformed Authorization', { headers: { Authorization: 'Basic Zm9vOmJhcg==' }, body: broken, expectUnauthorized: true }))
  }

  for (const p of o.params) {
    const name = String(p.name)
    for (const [what, value] of PARAM_MUTATIONS) {
      if (p.in === 'path') calls.push(base(`path ${name}: ${what}`, { path: { ...basePath, [name]: value } }))
      else if (p.in === 'query') calls.push(base(`query ${name}: ${what}`, { query: { ...baseQuery, [name]: value } }))
    }
    if (p.in === 'query') calls.push(base(`query ${name}: absent`, { query: Object.fromEntries(Object.entries(baseQuery).filter(([k]) => k !== name)) }))
  }

  if (o.bodySchema && baseBody) {
    for (const [what, raw] of RAW_BODIES) calls.push(base(what, { body: raw }))
    calls.push(base('no body at all', { body: null }))
    calls.push(base('unknown extra field', { body: json({ ...baseBody, __proto__x: { a: 1 }, extra: 'A'.repeat(1000) }) }))
    // Every field (and every field of an object field), dropped or replaced.
    const fields: { path: string[]; schema: Node }[] = []
    const collect = (schema: Node, at: string[], depth: number) => {
      const s = resolve(schema)
      const props = (s.properties as Node) ?? {}
      for (const [key, sub] of Object.entries(props)) {
        fields.push({ path: [...at, key], schema: sub as Node })
        const r = resolve(sub as Node)
        if (depth < 2 && r.type === 'object') collect(r, [...at, key], depth + 1)
        if (depth < 2 && r.type === 'array' && resolve(r.items as Node).type === 'object') collect(r.items as Node, [...at, key, '0'], depth + 1)
      }
    }
    collect(o.bodySchema, [], 0)
    const withField = (path: string[], value: unknown, drop = false) => {
      const copy = JSON.parse(json(baseBody)) as Record<string, unknown>
      let node = copy as Record<string, unknown>
      for (const k of path.slice(0, -1)) {
        if (typeof node[k] !== 'object' || node[k] === null) return json(copy)
        node = node[k] as Record<string, unknown>
      }
      const last = path[path.length - 1]
      if (drop) delete node[last]
      else node[last] = value
      return json(copy)
    }
    for (const f of fields) {
      const name = f.path.join('.')
      calls.push(base(`body ${name}: dropped`, { body: withField(f.path, undefined, true) }))
      for (const [what, make] of FIELD_MUTATIONS) calls.push(base(`body ${name}: ${what}`, { body: withField(f.path, make()) }))
    }
  }
  return calls
}

function urlOf(o: Operation, call: Call): string {
  const path = o.path.replace(/\{(\w+)\}/g, (_, name: string) => call.path[name] ?? 'x')
  const query = new URLSearchParams(call.query).toString()
  return `http://in-process.test${o.prefix}${path}${query ? `?${query}` : ''}`
}

const operations = operationsOf()

it('reads every operation of openapi.yaml', () => {
  expect(operations.length).toBeGreaterThanOrEqual(40)
  expect(documentedCodes.has('ERR_BAD_REQUEST')).toBe(true)
})

describe.each(operations.map((o) => [o.id, o] as const))('%s', (_id, o) => {
  it('answers every malformed, missing, oversized or wrong-typed input with a documented 4xx', async () => {
    const ctx = signIn()
    const problems: string[] = []
    for (const call of callsFor(o, ctx)) {
      const headers: Record<string, string> = { ...call.headers }
      if (call.body === null) delete headers['Content-Type']
      const url = urlOf(o, call)
      // A fresh DPoP proof per request (single use), for this method and path as the server sees it.
      if (call.proof) headers.DPoP = await phone.sign(o.method, new URL(url).pathname, call.proof === 'token' ? ctx.token : undefined)
      if (o.auth === 'institution' && call.sign !== false) headers['X-Institution-Signature'] = await institutionSignature(o, url, call.body)
      if (o.id.includes('Medpay') && o.method === 'POST') headers['Idempotency-Key'] = headers['Idempotency-Key'] ?? `contract-key-${jtiSeq}`
      const request = new Request(url, { method: o.method, headers, body: call.body })
      const res = await getResponse(handlers, request)
      failures.clear()
      if (!res) {
        // No handler matched: a real server answers 404 for an unknown path (e.g. a `/` inside a
        // path parameter); nothing of ours ran.
        continue
      }
      const text = await res.text()
      const what = `${o.method} ${o.path} [${call.label}] → ${res.status} ${text.slice(0, 120)}`
      if (res.status >= 500) {
        problems.push(`5xx: ${what}`)
        continue
      }
      if (call.expectUnauthorized && res.status !== 401) problems.push(`auth not checked first: ${what}`)
      // The holder's own well-formed call, with its DPoP proof, gets past authentication.
      if (call.label === 'valid-looking call' && res.status === 401) problems.push(`valid call refused: ${what}`)
      if (res.status < 400) continue
      let body: { code?: unknown; message?: unknown }
      try {
        body = JSON.parse(text) as typeof body
      } catch {
        problems.push(`not JSON: ${what}`)
        continue
      }
      if (typeof body.code !== 'string' || !documentedCodes.has(body.code) || typeof body.message !== 'string') problems.push(`undocumented body: ${what}`)
      if (!o.statuses.has(res.status)) problems.push(`undocumented status: ${what}`)
      const authCodes = call.authCode ? [call.authCode] : o.institutionAlternative ? ['ERR_UNAUTHORIZED', 'ERR_INSTITUTION_SIGNATURE_MISSING'] : ['ERR_UNAUTHORIZED']
      if (call.expectUnauthorized && !authCodes.includes(String(body.code))) problems.push(`wrong auth code: ${what}`)
    }
    expect(problems).toEqual([])
  })
})
