import type { EcPublicJwk } from '../crypto/types'
import { WalletError } from '../errors'
import type { InstitutionSigner } from '../institution/requestSignature'
import { operations } from './operations'
import { responseSchemas } from './generated/schemas'
import { createCaller, faceProofBody, type ApiClientOptions } from './caller'
import { holderMethods } from './holderClient'
import type * as T from './types'
import type { DpopSigner, HolderAuth } from './holderAuth'

export type { DpopSigner, HolderAuth } from './holderAuth'
export { parseRetryAfter, SIMULATED_FACE_PATH, type ApiClientOptions } from './caller'

/** Claims an admin call sets: the kind's own field names with plain values (the simulator checks them). */
export type AdminClaims = Record<string, string | number | boolean>
/** The yaml's free-form `claims` object is generated as an empty record; the body is sent as given. */
type AdminBody<B> = B & { claims: unknown }

export interface ApiClient {
  /** 刷脸: opens a face-check session for a real-name holder. */
  startFaceSession(name: string, idNumber: string): Promise<T.FaceSession>
  /**
   * Hands the platform's face ticket (WeChat verifyResult / Alipay zimId, untouched) to the
   * service, which redeems it with the platform; a pass returns the holder token, bound to
   * `deviceKey`. `sign` makes the call's DPoP proof with that same key (its private half): the
   * service registers only a key the caller proves it holds.
   */
  completeFaceSession(sessionId: string, proof: T.FaceProof, deviceKey: EcPublicJwk, sign: DpopSigner): Promise<T.FaceSessionResult>
  /**
   * Trades the DPoP-bound refresh token for a new pair (rotation); `sign` makes the proof with the
   * device key the tokens are bound to.
   */
  refreshHolderToken(refreshToken: string, sign: DpopSigner): Promise<T.HolderTokens>
  /**
   * The simulator only (`/__mock/face-checks`, outside the government API): its stand-in for the
   * WeChat/Alipay face UI and back end, which answers with a ticket as the platform would.
   */
  simulator: {
    faceCheck(input: T.SimulatedFaceCheckRequest): Promise<T.SimulatedFaceCheckResult>
  }
  listCertificates(holder: HolderAuth): Promise<T.CertificateList>
  /** 领证: an SD-JWT VC bound to `deviceKey`. */
  issueCredential(holder: HolderAuth, certId: string, deviceKey: EcPublicJwk, purpose?: string): Promise<T.IssuedCredential>
  /** 电子证照原件: the certificate's sealed OFD, base64url (verify it with `verifyOriginal`, src/services/ofd). */
  getOriginal(holder: HolderAuth, certId: string): Promise<T.CertificateOriginal>
  /** A one-time, 10-minute download link for the 原件, to open on a computer (Alipay: no file hand-over). */
  createOriginalLink(holder: HolderAuth, certId: string): Promise<T.OriginalLink>
  /** Reissues, revocations … since `since` (null = all). */
  changesSince(holder: HolderAuth, since: Date | string | null): Promise<T.ChangeList>
  trustList(): Promise<T.TrustListResponse>
  statusList(listId: string): Promise<T.StatusListResponse>
  /**
   * 证照目录 (public), signed by the national root: every certificate type with its 证照类型代码,
   * 颁发机构, 持证主体类别, whether a 原件 exists and the 用证事由 it serves. Verify it with
   * `verifyCertificateCatalogue` (src/services/trust); credentials are still checked against the trust list.
   */
  certificateCatalogue(): Promise<T.CertificateCatalogueResponse>
  /**
   * 核验 online. With `signer` (an enrolled institution) it is a 上报: the service records it in the
   * holder's 用证记录 under the institution's registered name. Without, the answer only.
   */
  verify(presentation: string, purpose: string, signer?: InstitutionSigner): Promise<T.VerificationResult>
  /**
   * 文件调用 by an enrolled institution under a holder's grant: the signed 加注件 (verify it with
   * `verifyFileCopy`). Refused unless the grant is this institution's, in force and in its period.
   */
  retrieveFile(grantId: string, signer: InstitutionSigner): Promise<T.FileRetrieval>
  /** The signed institution's own 文件调用 records. */
  listFileRetrievals(signer: InstitutionSigner): Promise<T.FileRetrievalRecordList>
  /** 文件调用授权: the grant JWS signed with the device key (src/services/fileGrant). */
  createFileGrant(holder: HolderAuth, grant: string): Promise<T.FileGrant>
  listFileGrants(holder: HolderAuth): Promise<T.FileGrantList>
  revokeFileGrant(holder: HolderAuth, grantId: string): Promise<T.FileGrant>
  /** 线上核验: a relying party registers its keys and endpoint with its one-time code (the signed registration JWS). */
  registerRelyingParty(registration: string): Promise<T.RelyingPartyRegistration>
  /** The platform-signed pairwise subject (网号-style) for this holder at one relying party, bound to `deviceKey`. */
  issuePairwiseSubject(holder: HolderAuth, input: { clientId: string; deviceKey: EcPublicJwk; purpose: string; fields: string[] }): Promise<T.PairwiseSubject>
  /** The root-signed registry of 用证单位 / 定点医药机构 (verify with `verifyInstitutionRegistry`). */
  institutionRegistry(): Promise<T.InstitutionRegistryResponse>
  /** Enrols this device for the institution the activation code was issued to. */
  enrolInstitution(activationCode: string, publicKey: EcPublicJwk): Promise<T.InstitutionEnrolment>
  /** The phones holding this person's credentials. */
  listDevices(holder: HolderAuth): Promise<T.DeviceList>
  /** Lost phone: its device key is revoked; its presentations fail verification from then on. */
  deactivateDevice(holder: HolderAuth, deviceId: string): Promise<T.DeviceInfo>
  /** 用证记录 kept by the service (核验, 文件调用, reported results), newest first; `certId` filters. */
  listUsageRecords(holder: HolderAuth, certId?: string): Promise<T.UsageRecordList>
  /** Asks the verifier of one of the holder's records to erase its copy; 404 for someone else's. */
  requestUsageDeletion(holder: HolderAuth, recordId: string): Promise<T.UsageRecord>
  /** Revoked device keys, signed by the national root, for offline verifiers. */
  deviceRevocations(): Promise<T.DeviceRevocationsResponse>
  /**
   * 亮证: short-lived purpose credentials for offline QR presentations, fetched while online. `keys`:
   * one fresh public key per set (each set bound to its own key, issue #16; `deviceKey` must be the
   * key of the holder auth's DPoP proofs), or a number of sets bound to `deviceKey` (older layout).
   */
  issuePurposeCredentials(holder: HolderAuth, purpose: T.PresentationPurpose, deviceKey: EcPublicJwk, keys?: number | readonly EcPublicJwk[]): Promise<T.PurposeCredentialBatch>
  /** 纸质凭证: print a device-free QR of a few fields (one year, revocable). */
  issuePaperCredential(holder: HolderAuth, certId: string): Promise<T.PaperCredential>
  listPaperCredentials(holder: HolderAuth): Promise<T.PaperCredentialList>
  revokePaperCredential(holder: HolderAuth, paperId: string): Promise<T.PaperCredential>
  /** 学历分享: a verification code valid `validDays` (30–180). */
  createDegreeShare(holder: HolderAuth, certId: string, validDays: number): Promise<T.DegreeShare>
  listDegreeShares(holder: HolderAuth): Promise<T.DegreeShareList>
  revokeDegreeShare(holder: HolderAuth, code: string): Promise<T.DegreeShare>
  /** Anyone: what a verification code shows (valid / expired / revoked). */
  checkDegreeShare(code: string): Promise<T.DegreeShareCheck>
  admin: {
    /** 补换领; `changes`: claims the new card says differently (a 换证 after a move). */
    reissue(adminToken: string, certId: string, changes?: AdminClaims): Promise<T.ReissueResult>
    revoke(adminToken: string, certId: string): Promise<T.RevokeResult>
    /** 暂扣 (status code 23): the status list reads suspended until `reinstate`. */
    suspend(adminToken: string, certId: string): Promise<T.SuspendResult>
    reinstate(adminToken: string, certId: string): Promise<T.ReinstateResult>
    /** A certificate issued to `holderId` after their first claim (issuer: a slug listed for the kind). */
    issueCertificate(adminToken: string, holderId: string, input: { kind: string; issuer: string; claims: AdminClaims }): Promise<T.IssueCertificateResult>
    issueActivationCode(adminToken: string, institutionId: string): Promise<T.ActivationCode>
  }
  /**
   * 医保支付. `idempotencyKey` (8–128 characters, random, one per logical action): the caller keeps
   * it and sends it again when it retries, so nothing is done twice.
   */
  medpay: {
    catalogue(): Promise<T.MedpayCatalogue>
    institutions(): Promise<T.MedpayInstitutionList>
    /** POS: 就诊登记 with a scanned 医保码 (single use). Signed by the enrolled 定点医药机构. */
    registerVisit(input: T.MedpayVisitRequest, idempotencyKey: string, signer: InstitutionSigner): Promise<T.MedpayVisit>
    /** POS: submits the fee lines; the settlement waits for the patient's confirmation. */
    submitSettlement(input: T.MedpaySettlementRequest, idempotencyKey: string, signer: InstitutionSigner): Promise<T.MedpaySettlement>
    /** Readable by its institution (signed) or its patient / payer (holder token) only. */
    getSettlement(setlId: string, as: InstitutionSigner | { holder: HolderAuth }): Promise<T.MedpaySettlement>
    /** Only by the institution that settled it. */
    refund(setlId: string, input: T.MedpayRefundRequest, idempotencyKey: string, signer: InstitutionSigner): Promise<T.MedpaySettlement>
    account(holder: HolderAuth): Promise<T.MedpayAccount>
    listSettlements(holder: HolderAuth): Promise<T.MedpaySettlementList>
    confirm(holder: HolderAuth, setlId: string, idempotencyKey: string): Promise<T.MedpaySettlement>
    decline(holder: HolderAuth, setlId: string): Promise<T.MedpaySettlement>
    /** 亲情账户: opens the relative's consent face session (nothing of the relative's comes back). */
    startFamilyConsent(holder: HolderAuth, input: T.MedpayFamilyConsentRequest): Promise<T.FaceSession>
    /** Creates the link from the relative's face ticket on that session; the server redeems it. */
    linkFamily(holder: HolderAuth, input: { faceSessionId: string; relation: T.MedpayFamilyLinkRequest['relation']; proof: T.FaceProof }): Promise<T.MedpayFamilyLink>
    familyLinks(holder: HolderAuth): Promise<T.MedpayFamilyLinkList>
    familyCredentials(holder: HolderAuth, linkId: string, input: T.MedpayFamilyCredentialRequest): Promise<T.PurposeCredentialBatch>
    /** The relative's side: links where I am the relative (who may show my code and pay for me). */
    relativeLinks(holder: HolderAuth): Promise<T.MedpayRelativeLinkList>
    /** The relative ends a link: the payer can no longer show my code or pay for me. */
    endRelativeLink(holder: HolderAuth, linkId: string): Promise<T.MedpayRelativeLink>
  }
  /** 家人代办 (issue #13): links made with the relative's own face consent, scoped to purposes. */
  delegation: {
    /** Opens the relative's consent face session for `purposes` (nothing of the relative's comes back). */
    startConsent(holder: HolderAuth, input: T.DelegationConsentRequest): Promise<T.FaceSession>
    /** Creates the link from the relative's face ticket on that session; the server redeems it. */
    create(holder: HolderAuth, input: { faceSessionId: string; relation: T.DelegationLinkRequest['relation']; proof: T.FaceProof }): Promise<T.DelegationLink>
    /** Both sides: links where I am the agent, and where I am the relative (谁可以为我代办). */
    list(holder: HolderAuth): Promise<T.DelegationLinkList>
    /** Either side ends a link. */
    end(holder: HolderAuth, linkId: string): Promise<T.DelegationLink>
    /** The relative's purpose credentials for one scoped purpose, bound to set keys made on my phone (DPoP by `deviceKey`). */
    credentials(holder: HolderAuth, linkId: string, input: T.DelegatedCredentialRequest): Promise<T.PurposeCredentialBatch>
    /** A paper credential of the relative's certificate of `kind`, within the link's scope (the paper is hers). */
    paper(holder: HolderAuth, linkId: string, input: T.DelegatedPaperRequest): Promise<T.PaperCredential>
  }
}

/**
 * The typed client of the certificate-sharing API (mock/openapi.yaml).
 *
 * Per attempt a timeout (→ ERR_TIMEOUT); no answer → ERR_NETWORK. 429 is retried for every
 * operation; 5xx, timeouts and network failures only for idempotent ones (see `operations`).
 * Delays: Retry-After when given (up to `maxRetryAfterSeconds`), else 500 ms · 2^retry.
 *
 * @example
 * const api = createApiClient({ baseUrl: apiBase.baseUrl, request: taroTransport })
 * const { items } = await api.listCertificates(holder)
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const c = createCaller(options, { operations, responseSchemas })
  const { call } = c
  const adminHeader = (token: string) => ({ 'X-Admin-Token': token })
  const idem = (key: string) => {
    if (typeof key !== 'string' || key.length < 8 || key.length > 128) throw new WalletError('ERR_BAD_REQUEST', { detail: 'Idempotency-Key' })
    return { 'Idempotency-Key': key }
  }

  const holder = holderMethods(c)
  return {
    ...holder,
    createOriginalLink: (holder, certId) => call('createOriginalLink', { pathParams: { certId }, holder }),
    listUsageRecords: (holder, certId) => call('listUsageRecords', { holder, query: { certId: certId || undefined } }),
    requestUsageDeletion: (holder, recordId) => call('requestUsageDeletion', { pathParams: { recordId }, holder }),
    deviceRevocations: () => call('deviceRevocations'),
    certificateCatalogue: () => call('certificateCatalogue'),
    verify: async (presentation, purpose, signer) => {
      if (!purpose?.trim()) throw new WalletError('ERR_PURPOSE_REQUIRED', { detail: 'verify' })
      return call('verify', { body: { presentation, purpose } satisfies T.VerificationRequest, signer })
    },
    registerRelyingParty: (registration) => call('registerRelyingParty', { body: { registration } satisfies T.RelyingPartyRegistrationRequest }),
    issuePairwiseSubject: (holder, input) =>
      call('issuePairwiseSubject', {
        holder,
        body: { clientId: input.clientId, deviceKey: { kty: 'EC', crv: input.deviceKey.crv, x: input.deviceKey.x, y: input.deviceKey.y }, purpose: input.purpose, fields: [...input.fields] } satisfies T.PairwiseSubjectRequest
      }),
    institutionRegistry: () => call('institutionRegistry'),
    enrolInstitution: (activationCode, publicKey) =>
      call('enrolInstitution', { body: { activationCode, publicKey: { kty: 'EC', crv: publicKey.crv, x: publicKey.x, y: publicKey.y } } satisfies T.InstitutionEnrolmentRequest }),
    issuePaperCredential: (holder, certId) =>
      call('issuePaperCredential', { holder, body: { certId } satisfies T.PaperCredentialRequest }),
    listPaperCredentials: (holder) => call('listPaperCredentials', { holder }),
    revokePaperCredential: (holder, paperId) => call('revokePaperCredential', { pathParams: { paperId }, holder }),
    createDegreeShare: (holder, certId, validDays) =>
      call('createDegreeShare', { holder, body: { certId, validDays } satisfies T.DegreeShareRequest }),
    listDegreeShares: (holder) => call('listDegreeShares', { holder }),
    revokeDegreeShare: (holder, code) => call('revokeDegreeShare', { pathParams: { code }, holder }),
    checkDegreeShare: (code) => call('checkDegreeShare', { pathParams: { code } }),
    retrieveFile: (grantId, signer) => call('retrieveFile', { body: { grantId } satisfies T.FileRetrievalRequest, signer }),
    listFileRetrievals: (signer) => call('listFileRetrievals', { signer }),
    createFileGrant: (holder, grant) => call('createFileGrant', { holder, body: { grant } satisfies T.FileGrantRequest }),
    listFileGrants: (holder) => call('listFileGrants', { holder }),
    revokeFileGrant: (holder, grantId) => call('revokeFileGrant', { pathParams: { grantId }, holder }),
    admin: {
      reissue: (adminToken, certId, changes) =>
        call('reissueCertificate', { pathParams: { certId }, headers: adminHeader(adminToken), ...(changes ? { body: { claims: changes } as AdminBody<T.ReissueRequest> } : {}) }),
      revoke: (adminToken, certId) => call('revokeCertificate', { pathParams: { certId }, headers: adminHeader(adminToken) }),
      suspend: (adminToken, certId) => call('suspendCertificate', { pathParams: { certId }, headers: adminHeader(adminToken) }),
      reinstate: (adminToken, certId) => call('reinstateCertificate', { pathParams: { certId }, headers: adminHeader(adminToken) }),
      issueCertificate: (adminToken, holderId, input) =>
        call('issueCertificate', { pathParams: { holderId }, headers: adminHeader(adminToken), body: input as AdminBody<T.IssueCertificateRequest> }),
      issueActivationCode: (adminToken, institutionId) => call('issueActivationCode', { pathParams: { institutionId }, headers: adminHeader(adminToken) })
    },
    medpay: {
      catalogue: () => call('medpayCatalogue'),
      institutions: () => call('medpayInstitutions'),
      registerVisit: async (input, key, signer) =>
        call('registerMedpayVisit', { headers: idem(key), body: { paymentCode: input.paymentCode, medinsNo: input.medinsNo } satisfies T.MedpayVisitRequest, signer }),
      submitSettlement: async (input, key, signer) =>
        call('submitMedpaySettlement', {
          headers: idem(key),
          body: { mdtrtId: input.mdtrtId, medinsNo: input.medinsNo, items: input.items.map((i) => ({ medListCodg: i.medListCodg, cnt: i.cnt })) } satisfies T.MedpaySettlementRequest,
          signer
        }),
      getSettlement: (setlId, as) =>
        'holder' in as ? call('getMedpaySettlement', { pathParams: { setlId }, holder: as.holder }) : call('getMedpaySettlement', { pathParams: { setlId }, signer: as }),
      refund: async (setlId, input, key, signer) =>
        call('refundMedpaySettlement', { pathParams: { setlId }, headers: idem(key), body: { medinsNo: input.medinsNo } satisfies T.MedpayRefundRequest, signer }),
      account: (holder) => call('medpayAccount', { holder }),
      listSettlements: (holder) => call('listMedpaySettlements', { holder }),
      confirm: async (holder, setlId, key) => call('confirmMedpaySettlement', { pathParams: { setlId }, holder, headers: idem(key) }),
      decline: (holder, setlId) => call('declineMedpaySettlement', { pathParams: { setlId }, holder }),
      startFamilyConsent: (holder, input) =>
        call('startMedpayFamilyConsent', { holder, body: { name: input.name, idNumber: input.idNumber } satisfies T.MedpayFamilyConsentRequest }),
      linkFamily: (holder, input) =>
        call('linkMedpayFamily', {
          holder,
          body: { faceSessionId: input.faceSessionId, relation: input.relation, ...faceProofBody(input.proof) } satisfies T.MedpayFamilyLinkRequest
        }),
      relativeLinks: (holder) => call('listMedpayRelativeLinks', { holder }),
      endRelativeLink: (holder, linkId) => call('endMedpayRelativeLink', { pathParams: { linkId }, holder }),
      familyLinks: (holder) => call('listMedpayFamilyLinks', { holder }),
      familyCredentials: (holder, linkId, input) =>
        call('issueMedpayFamilyCredentials', {
          pathParams: { linkId },
          holder,
          body: {
            deviceKey: input.deviceKey,
            ...(input.setKeys ? { setKeys: input.setKeys } : {}),
            ...(input.count === undefined ? {} : { count: input.count })
          } satisfies T.MedpayFamilyCredentialRequest
        })
    },
    delegation: {
      startConsent: (holder, input) =>
        call('startDelegationConsent', { holder, body: { name: input.name, idNumber: input.idNumber, purposes: [...input.purposes] } satisfies T.DelegationConsentRequest }),
      create: (holder, input) =>
        call('createDelegation', {
          holder,
          body: { faceSessionId: input.faceSessionId, relation: input.relation, ...faceProofBody(input.proof) } satisfies T.DelegationLinkRequest
        }),
      list: holder.delegation.list,
      end: (holder, linkId) => call('endDelegation', { pathParams: { linkId }, holder }),
      credentials: (holder, linkId, input) =>
        call('issueDelegatedCredentials', {
          pathParams: { linkId },
          holder,
          body: { purpose: input.purpose, deviceKey: input.deviceKey, setKeys: [...input.setKeys] } satisfies T.DelegatedCredentialRequest
        }),
      paper: (holder, linkId, input) => call('issueDelegatedPaper', { pathParams: { linkId }, holder, body: { kind: input.kind } satisfies T.DelegatedPaperRequest })
    }
  }
}
