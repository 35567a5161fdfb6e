import { http, HttpResponse, type HttpHandler } from 'msw'
import {
  API_PREFIX,
  INSTITUTION_SIGNATURE_HEADER,
  apiSchemaMismatch,
  base64urlDecode,
  base64urlEncode,
  jsonDepthExceeds,
  jwkThumbprint,
  operations,
  toWalletError,
  type Api,
  type ApiSchemaName,
  type EcPublicJwk,
  type ErrorCode,
  type InstitutionCall,
  type OperationId
} from './coreImports'
import { errorResponse } from './errorMessages'
import { breakSignature, failureGate, mockControlHandlers, type FailureController } from './failures'
import { SimulatorError, type InstitutionPrincipal, type Simulator } from './simulator/types'

/** Flips one bit in the middle of a binary purpose credential's trailing 64-byte signature. */
function breakBinarySignature(b64u: string): string {
  const bytes = base64urlDecode(b64u)
  bytes[bytes.length - 32] ^= 1
  return base64urlEncode(bytes)
}

/**
 * The simulator's administrator token (header `X-Admin-Token`), documented in openapi.yaml.
 * A demo value: the simulator is not the government service and guards nothing real.
 */
export const DEMO_ADMIN_TOKEN = 'certwallet-demo-admin'

/** A request the HTTP layer itself refuses (bad body, missing token) before the simulator sees it. */
class Refusal {
  constructor(readonly code: ErrorCode, readonly status: number) {}
}

interface RouteContext {
  request: Request
  params: Record<string, string>
  pathname: string
}

/** The request path from /api/v1 on, as a DPoP proof's `htu` names it (origin and proxy prefix dropped). */
function apiPath(request: Request): string {
  const path = new URL(request.url).pathname
  const at = path.indexOf(API_PREFIX + '/')
  return at < 0 ? path : path.slice(at)
}

/**
 * The holder behind the call: `Authorization: DPoP <token>` and a `DPoP` proof signed by the device
 * key the token is bound to (RFC 9449), checked before anything reads the body.
 */
function holderFrom(sim: Simulator, request: Request): Promise<string> {
  return sim.authenticateHolder({
    authorization: request.headers.get('Authorization'),
    dpop: request.headers.get('DPoP'),
    method: request.method.toUpperCase(),
    path: apiPath(request)
  })
}

/** Thumbprint of the key in the call's DPoP proof header (already checked by holderFrom). */
function dpopKeyThumbprint(request: Request): string | null {
  try {
    const header = JSON.parse(new TextDecoder().decode(base64urlDecode((request.headers.get('DPoP') ?? '').split('.')[0]))) as { jwk?: EcPublicJwk }
    return header.jwk ? jwkThumbprint(header.jwk) : null
  } catch {
    return null
  }
}

/**
 * A body's `deviceKey` becomes this phone's (registered to the holder, bound into what is issued, the
 * owner of set keys): it must be the key whose DPoP proof signed the call, the one the token is bound
 * to (holderFrom checked that proof). 401 ERR_DPOP_KEY_MISMATCH otherwise, before anything is issued
 * or recorded: a token never speaks for another phone's key.
 */
function requireProofKey(request: Request, deviceKey: EcPublicJwk): void {
  if (dpopKeyThumbprint(request) !== jwkThumbprint(deviceKey)) throw new Refusal('ERR_DPOP_KEY_MISMATCH', 401)
}

function requireAdmin(request: Request): void {
  if (request.headers.get('X-Admin-Token') !== DEMO_ADMIN_TOKEN) throw new Refusal('ERR_UNAUTHORIZED', 401)
}

/** Largest JSON request body the API reads (the biggest real one, a CW1 to verify, is ~4 KB). */
export const MAX_BODY_BYTES = 64 * 1024
/** Deepest JSON nesting a request body may have (the deepest schema is 3 levels). */
export const MAX_BODY_DEPTH = 16

/**
 * The JSON body checked against its schema; a missing/blank `purpose` is ERR_PURPOSE_REQUIRED.
 * Too large (over MAX_BODY_BYTES) is ERR_TOO_LARGE, too deep or not JSON is ERR_BAD_REQUEST —
 * all 400 and all before anything reads a field. Callers check the caller's token first.
 */
async function bodyOf(request: Request, schema: ApiSchemaName, purposeRequired = false): Promise<Record<string, unknown>> {
  const declared = Number(request.headers.get('Content-Length') ?? '0')
  if (declared > MAX_BODY_BYTES) throw new Refusal('ERR_TOO_LARGE', 400)
  const text = await request.text().catch(() => '')
  if (text.length > MAX_BODY_BYTES) throw new Refusal('ERR_TOO_LARGE', 400)
  if (jsonDepthExceeds(text, MAX_BODY_DEPTH)) throw new Refusal('ERR_BAD_REQUEST', 400)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new Refusal('ERR_BAD_REQUEST', 400)
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Refusal('ERR_BAD_REQUEST', 400)
  const record = body as Record<string, unknown>
  if (purposeRequired && (typeof record.purpose !== 'string' || record.purpose.trim() === '')) {
    throw new Refusal('ERR_PURPOSE_REQUIRED', 400)
  }
  if (apiSchemaMismatch(schema, body)) throw new Refusal('ERR_BAD_REQUEST', 400)
  return record
}

/**
 * A signed institution call: the signature (header X-Institution-Signature) is checked against the
 * registry over the method, the path and the raw body text BEFORE the body is parsed; then the
 * body is parsed and checked like `bodyOf`. `schema` null: a call without a body.
 */
async function institutionFrom(
  sim: Simulator,
  request: Request,
  call: InstitutionCall,
  schema: ApiSchemaName | null,
  purposeRequired = false
): Promise<{ institution: InstitutionPrincipal; body: Record<string, unknown> }> {
  const declared = Number(request.headers.get('Content-Length') ?? '0')
  if (declared > MAX_BODY_BYTES) throw new Refusal('ERR_TOO_LARGE', 400)
  const text = await request.text().catch(() => '')
  if (text.length > MAX_BODY_BYTES) throw new Refusal('ERR_TOO_LARGE', 400)
  const url = new URL(request.url)
  const at = url.pathname.indexOf(API_PREFIX + '/')
  const path = (at >= 0 ? url.pathname.slice(at) : url.pathname) + url.search
  const institution = await sim.authenticateInstitution({ signature: request.headers.get(INSTITUTION_SIGNATURE_HEADER), method: request.method, path, body: text, call })
  if (schema === null) return { institution, body: {} }
  // Signed and fresh: now the same body checks as every other call.
  return { institution, body: await bodyOf(new Request(request.url, { method: 'POST', body: text }), schema, purposeRequired) }
}

function json<T>(body: T, status = 200): Response {
  return HttpResponse.json(body as Record<string, unknown>, { status })
}

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  ERR_UNAUTHORIZED: 401,
  ERR_FACE_CHECK_FAILED: 403,
  ERR_DEVICE_DEACTIVATED: 403,
  ERR_NOT_FOUND: 404,
  ERR_CONFLICT: 409,
  ERR_CERT_REVOKED: 409,
  ERR_CERT_SUSPENDED: 409,
  ERR_CERT_EXPIRED: 409,
  ERR_RATE_LIMITED: 429,
  ERR_SERVER: 503,
  ERR_STATUS_LIST_UNAVAILABLE: 503
}

/**
 * HTTP status of a coded error thrown by the shared core inside the simulator: the few with a
 * status of their own (openapi.yaml components/responses), and 400 for every other code — those
 * are all refusals of the caller's input (identifier format, malformed data, bad signature …).
 */
export function statusOfCode(code: ErrorCode): number {
  return STATUS_BY_CODE[code] ?? 400
}

/** One handler per operation, on the path and method the client's `operations` table gives. */
function route(operationId: OperationId, handle: (ctx: RouteContext) => Promise<Response> | Response): HttpHandler {
  return routeAt(operationId, operations[operationId], handle)
}

/**
 * Doors a browser opens from a link the app shows (openapi.yaml tag `browser`): part of the API,
 * not in the client's operation table (the app never calls them).
 */
const BROWSER_DOORS = {
  downloadOriginal: { method: 'GET', path: '/original-downloads/{token}' }
} as const

function routeAt(operationId: string, op: { method: string; path: string }, handle: (ctx: RouteContext) => Promise<Response> | Response): HttpHandler {
  const pattern = `*${API_PREFIX}${op.path.replace(/\{(\w+)\}/g, ':$1')}`
  const method = op.method === 'GET' ? http.get : op.method === 'POST' ? http.post : http.delete
  return method(pattern, async ({ request, params }) => {
    try {
      const flat: Record<string, string> = {}
      for (const [name, value] of Object.entries(params)) flat[name] = Array.isArray(value) ? value[0] : String(value)
      return await handle({ request, params: flat, pathname: new URL(request.url).pathname })
    } catch (e) {
      if (e instanceof SimulatorError || e instanceof Refusal) return errorResponse(e.code, e.status)
      // A coded failure from the shared core (e.g. ERR_IDENTIFIER_FORMAT from parseCertId on a
      // path or body field): the caller's input was refused, so a 4xx with that code.
      const coded = toWalletError(e)
      if (coded.code !== 'ERR_UNKNOWN') return errorResponse(coded.code, statusOfCode(coded.code))
      // A bug in the simulator, not a simulated failure: say so without echoing request data.
      console.error(`[mock] ${operationId} failed:`, e instanceof Error ? e.stack : e)
      return errorResponse('ERR_SERVER', 500)
    }
  })
}

/** The government API (mock/openapi.yaml) over `sim`. */
function apiHandlers(sim: Simulator, failures: FailureController): HttpHandler[] {
  const asOf = () => sim.now().toISOString()
  const signed = (pathname: string, token: string) => (failures.takeSignatureBreak(pathname) ? breakSignature(token) : token)

  return [
    route('startFaceSession', async ({ request }) => {
      const body = await bodyOf(request, 'FaceSessionRequest')
      return json<Api.FaceSession>(sim.startFaceSession(String(body.name), String(body.idNumber)), 201)
    }),
    route('refreshHolderToken', async ({ request }) => {
      // The proof first (its own key, no token yet), then the body with the refresh token.
      const proof = await sim.checkKeyProof(request.headers.get('DPoP'), apiPath(request))
      const body = (await bodyOf(request, 'TokenRefreshRequest')) as unknown as Api.TokenRefreshRequest
      return json<Api.HolderTokens>(sim.refreshHolderTokens(body.refreshToken, proof.jkt))
    }),
    route('completeFaceSession', async ({ request, params }) => {
      // No token yet: a DPoP proof by the device key the tokens will be bound to, checked (and its
      // jti spent) before the body is read; the body's deviceKey must be that key.
      const proof = await sim.checkKeyProof(request.headers.get('DPoP'), apiPath(request))
      // The platform's ticket (verifyResult / zimId), redeemed server-side; `{ passed: true }` is refused.
      const body = await bodyOf(request, 'FaceSessionComplete')
      return json<Api.FaceSessionResult>(await sim.completeFaceSession(params.sessionId, body, proof.jkt))
    }),
    route('listCertificates', async ({ request }) => {
      const holderId = await holderFrom(sim, request)
      return json<Api.CertificateList>({ items: sim.listCertificates(holderId), asOf: asOf() })
    }),
    route('issueCredential', async ({ request, params, pathname }) => {
      const holderId = await holderFrom(sim, request)
      const body = (await bodyOf(request, 'CredentialRequest')) as unknown as Api.CredentialRequest
      // The credential is bound to the body's key (cnf) and that key registered as the holder's phone.
      requireProofKey(request, body.deviceKey)
      const issued = await sim.issueCredential(holderId, params.certId, body.deviceKey, body.purpose)
      return json<Api.IssuedCredential>({ ...issued, credential: signed(pathname, issued.credential) })
    }),
    route('createOriginalLink', async ({ request, params }) => {
      const holderId = await holderFrom(sim, request)
      // The link is on the origin the holder called (a real platform: its public https origin).
      const url = new URL(request.url)
      const at = url.pathname.indexOf(API_PREFIX + '/')
      const base = url.origin + (at < 0 ? API_PREFIX : url.pathname.slice(0, at + API_PREFIX.length))
      return json<Api.OriginalLink>(sim.createOriginalLink(holderId, params.certId, base), 201)
    }),
    routeAt('downloadOriginal', BROWSER_DOORS.downloadOriginal, ({ params }) => {
      // The token is the credential (a capability link, opened on a computer): nothing else to check.
      const { fileName, ofd } = sim.downloadOriginal(params.token)
      const ascii = fileName.replace(/[^A-Za-z0-9._-]/g, '') || 'original.ofd'
      return new HttpResponse(ofd, {
        status: 200,
        headers: {
          'Content-Type': 'application/ofd',
          'Content-Length': String(ofd.length),
          'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
          'Cache-Control': 'no-store',
          'Referrer-Policy': 'no-referrer',
          'X-Content-Type-Options': 'nosniff'
        }
      })
    }),
    route('getOriginal', async ({ request, params }) => {
      // Authenticated first: a stranger learns nothing, not even whether the 证照标识 exists.
      const holderId = await holderFrom(sim, request)
      return json<Api.CertificateOriginal>(sim.issueOriginal(holderId, params.certId))
    }),
    route('issuePurposeCredentials', async ({ request, pathname }) => {
      const holderId = await holderFrom(sim, request)
      const body = (await bodyOf(request, 'PurposeCredentialRequest')) as unknown as Api.PurposeCredentialRequest
      // setKeys (one fresh key per set, issue #16), else `count` sets bound to the device key (older wallets).
      if (body.setKeys && body.count !== undefined && body.count !== body.setKeys.length) throw new Refusal('ERR_BAD_REQUEST', 400)
      // Either way the body's device key is registered as the holder's and owns the sets (set keys, or
      // layout-1 credentials bound to it): it must be the one whose DPoP proof signed the call.
      requireProofKey(request, body.deviceKey)
      const batch = await sim.issuePurposeCredentials(holderId, body.purpose, body.deviceKey, body.setKeys ?? body.count ?? 1)
      // bad-signature mode breaks each credential's issuer signature (its last 64 bytes)
      const broken = failures.takeSignatureBreak(pathname)
      const sets = batch.sets.map((s) => ({ credentials: s.credentials.map((c) => (broken ? breakBinarySignature(c) : c)) }))
      return json<Api.PurposeCredentialBatch>({ ...batch, sets })
    }),
    route('listDevices', async ({ request }) => json<Api.DeviceList>({ items: sim.listDevices(await holderFrom(sim, request)) })),
    route('deactivateDevice', async ({ request, params }) => json<Api.DeviceInfo>(sim.deactivateDevice(await holderFrom(sim, request), params.deviceId))),
    route('listUsageRecords', async ({ request }) => {
      const holderId = await holderFrom(sim, request)
      const certId = new URL(request.url).searchParams.get('certId') || undefined
      return json<Api.UsageRecordList>({ items: sim.listUsageRecords(holderId, certId) })
    }),
    route('requestUsageDeletion', async ({ request, params }) => json<Api.UsageRecord>(sim.requestUsageDeletion(await holderFrom(sim, request), params.recordId))),
    route('deviceRevocations', async ({ pathname }) => json<Api.DeviceRevocationsResponse>({ deviceRevocations: signed(pathname, await sim.deviceRevocations()) })),
    route('changesSince', async ({ request }) => {
      const holderId = await holderFrom(sim, request)
      const sinceText = new URL(request.url).searchParams.get('since')
      const since = sinceText ? new Date(sinceText) : null
      if (since && Number.isNaN(since.getTime())) throw new Refusal('ERR_BAD_REQUEST', 400)
      return json<Api.ChangeList>({ items: sim.changesSince(holderId, since), asOf: asOf() })
    }),
    route('trustList', async ({ pathname }) => json<Api.TrustListResponse>({ trustList: signed(pathname, await sim.trustList()) })),
    route('certificateCatalogue', async ({ pathname }) => json<Api.CertificateCatalogueResponse>({ catalogue: signed(pathname, await sim.certificateCatalogue()) })),
    route('statusList', async ({ params, pathname }) =>
      json<Api.StatusListResponse>({ statusList: signed(pathname, await sim.statusList(params.listId)) })
    ),
    route('verify', async ({ request }) => {
      // Signed (上报): recorded for the holder under the registered name. Unsigned: answer only.
      if (request.headers.has(INSTITUTION_SIGNATURE_HEADER)) {
        const signed = await institutionFrom(sim, request, 'verify', 'VerificationRequest', true)
        const body = signed.body as unknown as Api.VerificationRequest
        return json<Api.VerificationResult>(await sim.verify(body.presentation, body.purpose, signed.institution))
      }
      const body = (await bodyOf(request, 'VerificationRequest', true)) as unknown as Api.VerificationRequest
      return json<Api.VerificationResult>(await sim.verify(body.presentation, body.purpose))
    }),
    route('issuePaperCredential', async ({ request }) => {
      const holderId = await holderFrom(sim, request)
      const body = (await bodyOf(request, 'PaperCredentialRequest')) as unknown as Api.PaperCredentialRequest
      return json<Api.PaperCredential>(await sim.issuePaperCredential(holderId, body.certId), 201)
    }),
    route('listPaperCredentials', async ({ request }) => json<Api.PaperCredentialList>({ items: sim.listPaperCredentials(await holderFrom(sim, request)) })),
    route('revokePaperCredential', async ({ request, params }) => json<Api.PaperCredential>(sim.revokePaperCredential(await holderFrom(sim, request), params.paperId))),
    route('createDegreeShare', async ({ request }) => {
      const holderId = await holderFrom(sim, request)
      const body = (await bodyOf(request, 'DegreeShareRequest')) as unknown as Api.DegreeShareRequest
      return json<Api.DegreeShare>(await sim.createDegreeShare(holderId, body.certId, body.validDays), 201)
    }),
    route('listDegreeShares', async ({ request }) => json<Api.DegreeShareList>({ items: sim.listDegreeShares(await holderFrom(sim, request)) })),
    route('revokeDegreeShare', async ({ request, params }) => json<Api.DegreeShare>(sim.revokeDegreeShare(await holderFrom(sim, request), params.code))),
    route('checkDegreeShare', async ({ params }) => json<Api.DegreeShareCheck>(await sim.checkDegreeShare(params.code))),
    route('createFileGrant', async ({ request }) => {
      const holderId = await holderFrom(sim, request)
      const body = (await bodyOf(request, 'FileGrantRequest')) as unknown as Api.FileGrantRequest
      return json<Api.FileGrant>(await sim.createFileGrant(holderId, body.grant), 201)
    }),
    route('listFileGrants', async ({ request }) => json<Api.FileGrantList>({ items: sim.listFileGrants(await holderFrom(sim, request)) })),
    route('revokeFileGrant', async ({ request, params }) => json<Api.FileGrant>(sim.revokeFileGrant(await holderFrom(sim, request), params.grantId))),
    route('retrieveFile', async ({ request }) => {
      // The signature before the body; the grant, not the role, is the authority.
      const { institution, body } = await institutionFrom(sim, request, 'retrieveFile', 'FileRetrievalRequest')
      return json<Api.FileRetrieval>(await sim.retrieveFile(institution, (body as unknown as Api.FileRetrievalRequest).grantId))
    }),
    route('listFileRetrievals', async ({ request }) => {
      const { institution } = await institutionFrom(sim, request, 'retrieveFile', null)
      return json<Api.FileRetrievalRecordList>({ items: sim.listFileRetrievals(institution) })
    }),
    route('reissueCertificate', async ({ request, params }) => {
      requireAdmin(request)
      // The body is optional: none (or an empty one) is a reissue with the same data.
      const hasBody = Number(request.headers.get('Content-Length') ?? '0') > 0 || (request.headers.get('Content-Type') ?? '').includes('json')
      const body = hasBody ? ((await bodyOf(request, 'ReissueRequest')) as { claims?: Record<string, string | number | boolean> }) : {}
      return json<Api.ReissueResult>(sim.reissue(params.certId, body.claims))
    }),
    route('revokeCertificate', ({ request, params }) => {
      requireAdmin(request)
      return json<Api.RevokeResult>(sim.revoke(params.certId))
    }),
    route('suspendCertificate', ({ request, params }) => {
      requireAdmin(request)
      return json<Api.SuspendResult>(sim.suspend(params.certId))
    }),
    route('reinstateCertificate', ({ request, params }) => {
      requireAdmin(request)
      return json<Api.ReinstateResult>(sim.reinstate(params.certId))
    }),
    route('issueCertificate', async ({ request, params }) => {
      requireAdmin(request)
      const body = (await bodyOf(request, 'IssueCertificateRequest')) as { kind: string; issuer: string; claims: Record<string, string | number | boolean> }
      return json<Api.IssueCertificateResult>(sim.issueCertificate(params.holderId, body), 201)
    }),
    route('institutionRegistry', async ({ pathname }) => json<Api.InstitutionRegistryResponse>({ registry: signed(pathname, await sim.institutionRegistry()) })),
    // 线上核验: the registration JWS is checked (signature by the key it registers) before its claims are read.
    route('registerRelyingParty', async ({ request }) => {
      const body = (await bodyOf(request, 'RelyingPartyRegistrationRequest')) as unknown as Api.RelyingPartyRegistrationRequest
      return json<Api.RelyingPartyRegistration>(await sim.registerRelyingParty(body.registration), 201)
    }),
    route('issuePairwiseSubject', async ({ request }) => {
      const holderId = await holderFrom(sim, request)
      const body = (await bodyOf(request, 'PairwiseSubjectRequest')) as unknown as Api.PairwiseSubjectRequest
      // The subject token is bound to the body's key (cnf.jkt): the calling phone's own key (the one
      // whose DPoP proof signed the call) or one of its set keys; the service checks which.
      return json<Api.PairwiseSubject>(await sim.issuePairwiseSubject(holderId, body, dpopKeyThumbprint(request)), 201)
    }),
    route('enrolInstitution', async ({ request }) => {
      const body = (await bodyOf(request, 'InstitutionEnrolmentRequest')) as unknown as Api.InstitutionEnrolmentRequest
      return json<Api.InstitutionEnrolment>(sim.enrolInstitution(body.activationCode, body.publicKey), 201)
    }),
    route('issueActivationCode', ({ request, params }) => {
      requireAdmin(request)
      return json<Api.ActivationCode>(sim.issueActivationCode(params.institutionId), 201)
    }),
    ...medpayHandlers(sim),
    route('startDelegationConsent', async ({ request }) => {
      const holderId = await holderFrom(sim, request)
      const body = (await bodyOf(request, 'DelegationConsentRequest')) as unknown as Api.DelegationConsentRequest
      return json<Api.FaceSession>(sim.delegation.startDelegationConsent(holderId, { name: body.name, idNumber: body.idNumber, purposes: body.purposes }), 201)
    }),
    route('createDelegation', async ({ request }) => {
      const holderId = await holderFrom(sim, request)
      const body = (await bodyOf(request, 'DelegationLinkRequest')) as unknown as Api.DelegationLinkRequest
      const proof = body.verifyResult !== undefined ? { verifyResult: body.verifyResult } : body.zimId !== undefined ? { zimId: body.zimId } : {}
      return json<Api.DelegationLink>(await sim.delegation.createDelegation(holderId, { faceSessionId: body.faceSessionId, relation: body.relation, ...proof }), 201)
    }),
    route('listDelegations', async ({ request }) => json<Api.DelegationLinkList>(sim.delegation.listDelegations(await holderFrom(sim, request)))),
    route('endDelegation', async ({ request, params }) => json<Api.DelegationLink>(sim.delegation.endDelegation(await holderFrom(sim, request), params.linkId))),
    route('issueDelegatedPaper', async ({ request, params }) => {
      const holderId = await holderFrom(sim, request)
      const body = (await bodyOf(request, 'DelegatedPaperRequest')) as unknown as Api.DelegatedPaperRequest
      return json<Api.PaperCredential>(await sim.delegation.issueDelegatedPaper(holderId, params.linkId, body.kind), 201)
    }),
    route('issueDelegatedCredentials', async ({ request, params, pathname }) => {
      const holderId = await holderFrom(sim, request)
      const body = (await bodyOf(request, 'DelegatedCredentialRequest')) as unknown as Api.DelegatedCredentialRequest
      // The set keys become this device's: the service checks the body's device key is the DPoP proof's.
      const batch = await sim.delegation.issueDelegatedCredentials(holderId, params.linkId, body.purpose, body.deviceKey, body.setKeys, dpopKeyThumbprint(request))
      const broken = failures.takeSignatureBreak(pathname)
      return json<Api.PurposeCredentialBatch>({ ...batch, sets: batch.sets.map((x) => ({ credentials: x.credentials.map((c) => (broken ? breakBinarySignature(c) : c)) })) })
    })
  ]
}

/** 医保支付 (mock/simulator/medpay): writes carry an Idempotency-Key header. */
function medpayHandlers(sim: Simulator): HttpHandler[] {
  const key = (request: Request) => request.headers.get('Idempotency-Key')
  const mp = sim.medpay
  return [
    route('medpayCatalogue', () => json<Api.MedpayCatalogue>(mp.catalogue())),
    route('medpayInstitutions', () => json<Api.MedpayInstitutionList>(mp.institutions())),
    // The counter's calls are signed by a registered 定点医药机构; it acts only as itself.
    route('registerMedpayVisit', async ({ request }) => {
      const { institution, body: raw } = await institutionFrom(sim, request, 'medpay', 'MedpayVisitRequest')
      const body = raw as unknown as Api.MedpayVisitRequest
      return json<Api.MedpayVisit>(await mp.registerVisit({ paymentCode: body.paymentCode, medinsNo: body.medinsNo }, key(request), institution.medinsNo ?? ''))
    }),
    route('submitMedpaySettlement', async ({ request }) => {
      const { institution, body: raw } = await institutionFrom(sim, request, 'medpay', 'MedpaySettlementRequest')
      const body = raw as unknown as Api.MedpaySettlementRequest
      const items = body.items.map((i) => ({ medListCodg: i.medListCodg, cnt: i.cnt }))
      return json<Api.MedpaySettlement>(mp.submitSettlement({ mdtrtId: body.mdtrtId, medinsNo: body.medinsNo, items }, key(request), institution.medinsNo ?? ''))
    }),
    // Its patient (holder token) or its institution (signed); nobody else, whatever the id.
    route('getMedpaySettlement', async ({ request, params }) => {
      if (request.headers.get('Authorization')) return json<Api.MedpaySettlement>(mp.getSettlement(params.setlId, { holderId: await holderFrom(sim, request) }))
      const { institution } = await institutionFrom(sim, request, 'medpay', null)
      return json<Api.MedpaySettlement>(mp.getSettlement(params.setlId, { medinsNo: institution.medinsNo ?? '' }))
    }),
    route('refundMedpaySettlement', async ({ request, params }) => {
      const { institution, body: raw } = await institutionFrom(sim, request, 'medpay', 'MedpayRefundRequest')
      const body = raw as unknown as Api.MedpayRefundRequest
      return json<Api.MedpaySettlement>(mp.refund(params.setlId, { medinsNo: body.medinsNo }, key(request), institution.medinsNo ?? ''))
    }),
    route('medpayAccount', async ({ request }) => json<Api.MedpayAccount>(mp.account(await holderFrom(sim, request)))),
    route('listMedpaySettlements', async ({ request }) => json<Api.MedpaySettlementList>(mp.holderSettlements(await holderFrom(sim, request)))),
    route('confirmMedpaySettlement', async ({ request, params }) =>
      json<Api.MedpaySettlement>(mp.confirm(await holderFrom(sim, request), params.setlId, key(request)))
    ),
    route('declineMedpaySettlement', async ({ request, params }) => json<Api.MedpaySettlement>(mp.decline(await holderFrom(sim, request), params.setlId))),
    route('startMedpayFamilyConsent', async ({ request }) => {
      const holderId = await holderFrom(sim, request)
      const body = (await bodyOf(request, 'MedpayFamilyConsentRequest')) as unknown as Api.MedpayFamilyConsentRequest
      return json<Api.FaceSession>(mp.startFamilyConsent(holderId, { name: body.name, idNumber: body.idNumber }), 201)
    }),
    route('linkMedpayFamily', async ({ request }) => {
      const holderId = await holderFrom(sim, request)
      const body = (await bodyOf(request, 'MedpayFamilyLinkRequest')) as unknown as Api.MedpayFamilyLinkRequest
      const proof = body.verifyResult !== undefined ? { verifyResult: body.verifyResult } : body.zimId !== undefined ? { zimId: body.zimId } : {}
      return json<Api.MedpayFamilyLink>(await mp.linkFamily(holderId, { faceSessionId: body.faceSessionId, relation: body.relation, ...proof }), 201)
    }),
    route('listMedpayRelativeLinks', async ({ request }) => json<Api.MedpayRelativeLinkList>(mp.relativeLinks(await holderFrom(sim, request)))),
    route('endMedpayRelativeLink', async ({ request, params }) => json<Api.MedpayRelativeLink>(mp.endRelativeLink(await holderFrom(sim, request), params.linkId))),
    route('listMedpayFamilyLinks', async ({ request }) => json<Api.MedpayFamilyLinkList>(mp.familyLinks(await holderFrom(sim, request)))),
    route('issueMedpayFamilyCredentials', async ({ request, params }) => {
      const holderId = await holderFrom(sim, request)
      const body = (await bodyOf(request, 'MedpayFamilyCredentialRequest')) as unknown as Api.MedpayFamilyCredentialRequest
      // Set keys become the payer's phone's (as for 亮证), or layout-1 sets are bound to the body's key:
      // either way it must be the one whose DPoP proof signed the call.
      requireProofKey(request, body.deviceKey)
      return json<Api.PurposeCredentialBatch>(await mp.familyCredentials(holderId, params.linkId, body))
    })
  ]
}

/**
 * The very first handler: a path that does not percent-decode (`/status-lists/%FF`) is 400
 * ERR_BAD_REQUEST here. Matched by a RegExp, which msw does not decode; the string patterns of
 * the handlers after it decode their parameters and would throw a URIError (a 500).
 */
function malformedPathGate(): HttpHandler {
  return http.all(/\/(api\/v1|__mock)\//, ({ request }) => {
    try {
      decodeURIComponent(new URL(request.url).pathname)
      return undefined
    } catch {
      return errorResponse('ERR_BAD_REQUEST', 400)
    }
  })
}

/**
 * Every handler of the simulator, in order: the malformed-path gate, the failure gate (falls through when no failure
 * rule applies), the API of mock/openapi.yaml, the `/__mock` control endpoints. Paths match any
 * origin (a `*` before `/api/v1/...`), so the same list serves msw/node, the H5 service worker and
 * mock/server.ts.
 *
 * @example
 * const server = setupServer(...createHandlers(createSimulator(), createFailureController()))
 */
export function createHandlers(sim: Simulator, failures: FailureController): HttpHandler[] {
  return [malformedPathGate(), failureGate(failures), ...apiHandlers(sim, failures), ...mockControlHandlers(sim, failures)]
}
