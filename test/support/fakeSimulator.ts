import { SimulatorError, type CertificateChange, type CertificateSummary, type InstitutionPrincipal, type Simulator } from '../../mock/simulator/types'
import type { InstitutionSigner } from '../../src/services/institution/requestSignature'
import { createFakeMedpay, FAKE_LINK_ID } from './fakeMedpay'
import type * as Api from '../../src/services/api/types'

/** Fixed data for the API tests: the HTTP layer is tested against the interface, not the simulator. */
export const FAKE_NOW = new Date('2026-11-27T08:00:00.000Z')
export const FAKE_TOKEN = 'tok-holder-1'
export const FAKE_REFRESH_TOKEN = 'rt-holder-1'
/** The fake's DPoP proof: the fake checks only that one is sent (the real check: holder-token.test.ts). */
export const FAKE_PROOF = 'fake-dpop-proof'
/** A holder call's auth as the fake takes it. */
export const FAKE_AUTH = { token: FAKE_TOKEN, proof: async () => FAKE_PROOF }
/** The headers a raw holder request to the fake carries. */
export const FAKE_AUTH_HEADERS = { Authorization: `DPoP ${FAKE_TOKEN}`, DPoP: FAKE_PROOF }
/** The fake platform's face ticket (WeChat verifyResult). */
export const FAKE_FACE_TICKET = 'wx-ticket-1'
export const FAKE_SESSION = 'fs-1'
export const FAKE_CERT_ID = '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F'
export const FAKE_NEW_CERT_ID = '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.002.F'
export const FAKE_STATUS_LIST_ID = 'sl-1'
/** Compact JWS / SD-JWT shaped strings (never verified here). */
export const FAKE_TRUST_LIST = 'eyJhbGciOiJFUzI1NiJ9.eyJpc3N1ZXJzIjpbXX0.c2lnbmF0dXJlLXRydXN0'
export const FAKE_STATUS_LIST = 'eyJhbGciOiJFUzI1NiJ9.eyJzdGF0dXNfbGlzdCI6e319.c2lnbmF0dXJlLXN0YXR1cw'
export const FAKE_CREDENTIAL = 'eyJhbGciOiJFUzI1NiJ9.eyJ2Y3QiOiJ4In0.c2lnbmF0dXJlLWNyZWQ~WyJzYWx0IiwibmFtZSIsIng_Il0~'

/** The one institution signature the fake accepts (the real check is tested on the simulator). */
export const FAKE_INSTITUTION_SIGNATURE = 'eyJhbGciOiJFUzI1NiJ9.eyJodG0iOiJQT1NUIn0.c2lnbmF0dXJlLWluc3Q'
export const FAKE_INSTITUTION_ID = '52440106MJL1083N62'
/** A signer whose every signature is FAKE_INSTITUTION_SIGNATURE. */
export const FAKE_SIGNER: InstitutionSigner = { institutionId: FAKE_INSTITUTION_ID, sign: async () => FAKE_INSTITUTION_SIGNATURE }
const FAKE_PRINCIPALS: Record<string, InstitutionPrincipal> = {
  medpay: { id: FAKE_INSTITUTION_ID, name: '康民大药房（天河店）', role: 'pharmacy', purposes: ['pharmacy'], medinsNo: 'P44010600512' },
  retrieveFile: { id: '11440100MB2C3914XQ', name: '某公安分局', role: 'police', purposes: ['traffic-stop'] },
  verify: { id: '91440106MA5CXK3L2H', name: '某酒店', role: 'hotel', purposes: ['hotel'] }
}

export const FAKE_FILE_GRANT = {
  grantId: 'fg-1',
  certId: FAKE_CERT_ID,
  kind: 'id-card',
  institutionId: '91440106MA5CXK3L2H',
  institutionName: '广州天河花园酒店有限公司',
  purpose: 'hotel',
  notBefore: '2026-11-27T08:00:00.000Z',
  expiresAt: '2026-12-04T08:00:00.000Z',
  createdAt: '2026-11-27T08:00:00.000Z',
  status: 'active' as const,
  retrievals: 0
}

export const FAKE_PAPER = {
  paperId: 'PABCDEFGHJ',
  certId: FAKE_CERT_ID,
  kind: 'id-card',
  credential: 'CWP1:FAKE',
  issuedAt: FAKE_NOW.toISOString(),
  expiresAt: '2027-11-27T08:00:00.000Z',
  status: 'valid' as const
}
export const FAKE_SHARE = {
  code: 'ABCDEFGHJKLMNPQR',
  certId: FAKE_CERT_ID,
  createdAt: FAKE_NOW.toISOString(),
  expiresAt: '2027-01-26T08:00:00.000Z',
  status: 'valid' as const
}

export const fakeSummary: CertificateSummary = {
  certId: FAKE_CERT_ID,
  kind: 'driving-licence',
  title: '电子驾驶证',
  issuerId: '11220000013544541J',
  issuerName: '吉林省公安厅交通管理局',
  status: 'valid',
  version: '001',
  validUntil: '2032-05-01',
  purposeRequired: false
}

const change: CertificateChange = { certId: FAKE_CERT_ID, change: 'reissued', newCertId: FAKE_NEW_CERT_ID, at: '2026-11-20T02:00:00.000Z' }

export type FakeSimulator = Simulator & { calls: string[] }

export function createFakeSimulator(overrides: Partial<Simulator> = {}): FakeSimulator {
  const calls: string[] = []
  const known = (certId: string) => {
    if (certId !== FAKE_CERT_ID) throw new SimulatorError('ERR_NOT_FOUND', 404, 'certId')
  }
  const base: Simulator = {
    now: () => FAKE_NOW,
    startFaceSession(name) {
      calls.push('startFaceSession')
      if (name === '未登记') throw new SimulatorError('ERR_NOT_FOUND', 404, 'holder')
      return { sessionId: FAKE_SESSION, status: 'pending', expiresAt: '2026-11-27T08:05:00.000Z' }
    },
    async completeFaceSession(sessionId, body) {
      calls.push('completeFaceSession')
      if (sessionId !== FAKE_SESSION) throw new SimulatorError('ERR_NOT_FOUND', 404, 'session')
      if (typeof body.verifyResult !== 'string' && typeof body.zimId !== 'string') throw new SimulatorError('ERR_FACE_PROOF_REQUIRED', 400)
      if (body.verifyResult !== FAKE_FACE_TICKET) throw new SimulatorError('ERR_FACE_PROOF_INVALID', 403)
      return { status: 'passed', holderId: 'h-1', holderToken: FAKE_TOKEN, tokenType: 'DPoP', expiresIn: 900, refreshToken: FAKE_REFRESH_TOKEN, refreshExpiresIn: 2592000, displayName: '张*明' }
    },
    async simulateFaceCheck(req) {
      if (!req.passed) throw new SimulatorError('ERR_FACE_CHECK_FAILED', 403)
      return { verifyResult: FAKE_FACE_TICKET }
    },
    async authenticateHolder(call) {
      if (call.authorization !== `DPoP ${FAKE_TOKEN}`) throw new SimulatorError('ERR_UNAUTHORIZED', 401)
      if (!call.dpop) throw new SimulatorError('ERR_DPOP_REQUIRED', 401)
      return 'h-1'
    },
    async checkKeyProof(dpop) {
      if (!dpop) throw new SimulatorError('ERR_DPOP_REQUIRED', 401)
      return { jkt: 'jkt-1' }
    },
    refreshHolderTokens(refreshToken) {
      if (refreshToken !== FAKE_REFRESH_TOKEN) throw new SimulatorError('ERR_UNAUTHORIZED', 401)
      return { holderToken: FAKE_TOKEN, tokenType: 'DPoP', expiresIn: 900, refreshToken: FAKE_REFRESH_TOKEN, refreshExpiresIn: 2592000 }
    },
    listCertificates() {
      calls.push('listCertificates')
      return [fakeSummary]
    },
    async issueCredential(_holderId, certId) {
      calls.push('issueCredential')
      known(certId)
      return { certId, kind: 'driving-licence', credential: FAKE_CREDENTIAL, issuedAt: FAKE_NOW.toISOString() }
    },
    issueOriginal(_holderId, certId) {
      calls.push('issueOriginal')
      known(certId)
      return { certId, kind: 'driving-licence', ofd: 'UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA', sealedAt: FAKE_NOW.toISOString() }
    },
    createOriginalLink(_holderId, certId, base) {
      calls.push('createOriginalLink')
      known(certId)
      return { certId, url: `${base}/original-downloads/${'A'.repeat(43)}`, expiresAt: new Date(FAKE_NOW.getTime() + 600_000).toISOString(), fileName: 'x.ofd' }
    },
    downloadOriginal() {
      calls.push('downloadOriginal')
      return { fileName: 'x.ofd', ofd: new Uint8Array([0x50, 0x4b, 5, 6]) }
    },
    changesSince(_holderId, since) {
      calls.push('changesSince')
      return since && since.getTime() >= Date.parse(change.at) ? [] : [change]
    },
    async trustList() {
      calls.push('trustList')
      return FAKE_TRUST_LIST
    },
    async certificateCatalogue() {
      calls.push('certificateCatalogue')
      return FAKE_TRUST_LIST
    },
    async statusList(listId) {
      calls.push('statusList')
      if (listId !== FAKE_STATUS_LIST_ID) throw new SimulatorError('ERR_NOT_FOUND', 404, 'listId')
      return FAKE_STATUS_LIST
    },
    listDevices() {
      return [{ deviceId: 'dev-1', keyX: 'eHh4', firstSeenAt: FAKE_NOW.toISOString(), lastSeenAt: FAKE_NOW.toISOString(), status: 'active' as const }]
    },
    deactivateDevice(_holderId, deviceId) {
      if (deviceId !== 'dev-1') throw new SimulatorError('ERR_NOT_FOUND', 404, 'device')
      return { deviceId, keyX: 'eHh4', firstSeenAt: FAKE_NOW.toISOString(), lastSeenAt: FAKE_NOW.toISOString(), status: 'deactivated' as const, deactivatedAt: FAKE_NOW.toISOString() }
    },
    listUsageRecords(_holderId, certId) {
      const rec = { recordId: 'ur-1', at: FAKE_NOW.toISOString(), channel: 'verification' as const, certIds: [FAKE_CERT_ID], kinds: ['driving-licence'], purpose: '交通执法检查', verifier: { name: '某交警大队', role: '交警' }, fields: ['name', 'licence_number'], deletion: 'none' as const }
      return !certId || certId === FAKE_CERT_ID ? [rec] : []
    },
    requestUsageDeletion(_holderId, recordId) {
      if (recordId !== 'ur-1') throw new SimulatorError('ERR_NOT_FOUND', 404, 'usage-record')
      return { recordId, at: FAKE_NOW.toISOString(), channel: 'verification' as const, certIds: [FAKE_CERT_ID], kinds: ['driving-licence'], purpose: '交通执法检查', fields: ['name'], deletion: 'requested' as const }
    },
    async deviceRevocations() {
      return 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln'
    },
    async issuePurposeCredentials(_holderId, purpose, _deviceKey, keys) {
      if (purpose !== 'hotel') throw new SimulatorError('ERR_NOT_FOUND', 404)
      return { purpose, sets: Array.from({ length: typeof keys === 'number' ? keys : keys.length }, () => ({ credentials: ['AQID'] })), kinds: ['id-card'], expiresAt: '2026-12-04T00:00:00.000Z' }
    },
    async verify(presentation) {
      calls.push('verify')
      return presentation === 'good-qr'
        ? { ok: true, code: 'OK', kind: 'driving-licence', issuerName: fakeSummary.issuerName, checkedAt: FAKE_NOW.toISOString() }
        : { ok: false, code: 'ERR_SIGNATURE_INVALID', checkedAt: FAKE_NOW.toISOString() }
    },
    async createFileGrant(_holderId, grant) {
      calls.push('createFileGrant')
      if (grant !== 'good-grant') throw new SimulatorError('ERR_GRANT_INVALID', 400)
      return FAKE_FILE_GRANT
    },
    listFileGrants() {
      return [FAKE_FILE_GRANT]
    },
    revokeFileGrant(_holderId, grantId) {
      if (grantId !== FAKE_FILE_GRANT.grantId) throw new SimulatorError('ERR_NOT_FOUND', 404, 'grant')
      return { ...FAKE_FILE_GRANT, status: 'revoked' as const, revokedAt: FAKE_NOW.toISOString() }
    },
    async retrieveFile(institution, grantId) {
      calls.push('retrieveFile')
      if (grantId !== FAKE_FILE_GRANT.grantId) throw new SimulatorError('ERR_NOT_FOUND', 404, 'grant')
      return {
        retrievalId: 'fr-1',
        grantId,
        certId: FAKE_CERT_ID,
        purpose: 'hotel',
        verifierName: institution.name,
        watermark: `仅供${institution.name}用于酒店入住，2026-12-04前有效`,
        copy: 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln',
        retrievedAt: FAKE_NOW.toISOString(),
        expiresAt: FAKE_FILE_GRANT.expiresAt
      }
    },
    listFileRetrievals() {
      return []
    },
    async issuePaperCredential(_holderId, certId) {
      calls.push('issuePaperCredential')
      known(certId)
      return FAKE_PAPER
    },
    listPaperCredentials() {
      return [FAKE_PAPER]
    },
    revokePaperCredential(_holderId, paperId) {
      if (paperId !== FAKE_PAPER.paperId) throw new SimulatorError('ERR_NOT_FOUND', 404, 'paper')
      return { ...FAKE_PAPER, status: 'revoked', revokedAt: FAKE_NOW.toISOString() }
    },
    async createDegreeShare(_holderId, certId, validDays) {
      known(certId)
      if (validDays < 30 || validDays > 180) throw new SimulatorError('ERR_BAD_REQUEST', 400, 'validDays')
      return FAKE_SHARE
    },
    listDegreeShares() {
      return [FAKE_SHARE]
    },
    revokeDegreeShare(_holderId, code) {
      if (code !== FAKE_SHARE.code) throw new SimulatorError('ERR_NOT_FOUND', 404, 'share')
      return { ...FAKE_SHARE, status: 'revoked', revokedAt: FAKE_NOW.toISOString() }
    },
    async checkDegreeShare(code) {
      if (code !== FAKE_SHARE.code) throw new SimulatorError('ERR_NOT_FOUND', 404, 'share')
      return { code, status: 'valid', expiresAt: FAKE_SHARE.expiresAt, checkedAt: FAKE_NOW.toISOString(), credential: 'CWP1:FAKE' }
    },
    reissue(certId) {
      calls.push('reissue')
      known(certId)
      return { oldCertId: certId, newCertId: FAKE_NEW_CERT_ID }
    },
    revoke(certId) {
      calls.push('revoke')
      known(certId)
      return { certId, status: 'revoked' }
    },
    suspend(certId) {
      calls.push('suspend')
      known(certId)
      return { certId, status: 'suspended' }
    },
    reinstate(certId) {
      calls.push('reinstate')
      known(certId)
      return { certId, status: 'valid' }
    },
    issueCertificate() {
      calls.push('issueCertificate')
      return { certId: FAKE_NEW_CERT_ID }
    },
    async institutionRegistry() {
      return FAKE_TRUST_LIST
    },
    enrolInstitution(code) {
      if (code !== 'FAKE-CODE-0001') throw new SimulatorError('ERR_ACTIVATION_CODE_INVALID', 403)
      const p = FAKE_PRINCIPALS.medpay
      return { id: p.id, name: p.name, role: p.role, purposes: p.purposes, medinsNo: p.medinsNo, enrolledAt: FAKE_NOW.toISOString() }
    },
    async registerRelyingParty(registration) {
      if (registration !== 'good-registration') throw new SimulatorError('ERR_RP_REGISTRATION_INVALID', 403, 'code')
      return { id: '91440101MA5D7RQ21E', name: '粤信通网上营业厅', purposes: [{ purpose: 'age-over-18', claims: ['age_over_18'] }], mayReceiveIdNumber: false, responseUri: 'https://rp.example/response', enrolledAt: FAKE_NOW.toISOString() }
    },
    async issuePairwiseSubject(_holderId, input) {
      if (input.clientId !== '91440101MA5D7RQ21E') throw new SimulatorError('ERR_RP_UNKNOWN', 404)
      return { subject: 'fake.pairwise.subject', pseudonym: 'pw-AAAAAAAAAAAAAAAAAAAAAA', expiresAt: FAKE_NOW.toISOString() }
    },
    issueActivationCode(institutionId) {
      if (institutionId !== FAKE_INSTITUTION_ID) throw new SimulatorError('ERR_NOT_FOUND', 404, 'institution')
      return { institutionId, name: FAKE_PRINCIPALS.medpay.name, activationCode: 'FAKE-CODE-0002' }
    },
    async authenticateInstitution({ signature, call }) {
      calls.push('authenticateInstitution')
      if (!signature) throw new SimulatorError('ERR_INSTITUTION_SIGNATURE_MISSING', 401)
      if (signature !== FAKE_INSTITUTION_SIGNATURE) throw new SimulatorError('ERR_INSTITUTION_SIGNATURE_INVALID', 401)
      return FAKE_PRINCIPALS[call]
    },
    medpay: createFakeMedpay(),
    delegation: createFakeDelegation(),
    reset() {
      calls.push('reset')
    }
  }
  return Object.assign(base, overrides, { calls })
}

/** Fixed 家人代办 answers for the HTTP-layer tests (the service itself is tested on the simulator). */
export const FAKE_DELEGATION_ID = FAKE_LINK_ID
function createFakeDelegation(): Simulator['delegation'] {
  const link: Api.DelegationLink = {
    linkId: FAKE_DELEGATION_ID, role: 'agent', relation: 'parent', agentName: '张明华', agentIdMasked: '440106********001X', relativeName: '李秀英',
    relativeIdMasked: '330106********0021', purposes: ['hotel'], status: 'active', createdAt: '2026-11-27T08:00:00.000Z'
  }
  const known = (linkId: string) => {
    if (linkId !== FAKE_DELEGATION_ID) throw new SimulatorError('ERR_NOT_FOUND', 404, 'delegation')
  }
  return {
    startDelegationConsent: () => ({ sessionId: 'fs-delegation', status: 'pending', expiresAt: '2026-11-27T08:10:00.000Z' }),
    createDelegation: async () => link,
    listDelegations: () => ({ items: [link] }),
    endDelegation: (_h, linkId) => (known(linkId), { ...link, status: 'ended', endedAt: '2026-11-27T09:00:00.000Z', endedBy: 'agent' }),
    issueDelegatedPaper: async (_h, linkId) => (
      known(linkId),
      { paperId: 'PABCDEFGHJ', certId: FAKE_CERT_ID, kind: 'id-card', credential: 'CWP1:FAKE', issuedAt: '2026-11-27T08:00:00.000Z', expiresAt: '2027-11-27T08:00:00.000Z', status: 'valid' }
    ),
    issueDelegatedCredentials: async (_h, linkId) => (known(linkId), { purpose: 'hotel', sets: [{ credentials: ['AQID'] }], kinds: ['id-card'], expiresAt: '2026-11-28T00:00:00.000Z' })
  }
}
