// H5: the API client and the response schemas it checks (valibot, generated/schemas.ts) load on the
// first request, not with the first screen (issue #12 §3). Every method is async, so callers see no
// difference. The mini-programs use appClient.ts (no dynamic import there).
import { apiBase } from './apiBase'
import { taroTransport } from './taroTransport'
import type { ApiClient, ApiClientOptions } from './client'
import { whenIdle } from '../platform/whenIdle'

type Group = 'simulator' | 'admin' | 'medpay' | 'delegation'
type Method = Exclude<keyof ApiClient, Group>

/** Every method of ApiClient (the compiler checks that none is missing and none is extra). */
const METHODS: Record<Method, true> = {
  startFaceSession: true,
  completeFaceSession: true,
  refreshHolderToken: true,
  listCertificates: true,
  issueCredential: true,
  getOriginal: true,
  createOriginalLink: true,
  changesSince: true,
  trustList: true,
  statusList: true,
  certificateCatalogue: true,
  verify: true,
  retrieveFile: true,
  listFileRetrievals: true,
  createFileGrant: true,
  listFileGrants: true,
  revokeFileGrant: true,
  registerRelyingParty: true,
  issuePairwiseSubject: true,
  institutionRegistry: true,
  enrolInstitution: true,
  listDevices: true,
  deactivateDevice: true,
  listUsageRecords: true,
  requestUsageDeletion: true,
  deviceRevocations: true,
  issuePurposeCredentials: true,
  issuePaperCredential: true,
  listPaperCredentials: true,
  revokePaperCredential: true,
  createDegreeShare: true,
  listDegreeShares: true,
  revokeDegreeShare: true,
  checkDegreeShare: true
}
/** The methods of each group (simulator, admin, medpay, delegation), checked the same way. */
const GROUPS: { [G in Group]: Record<keyof ApiClient[G], true> } = {
  simulator: { faceCheck: true },
  admin: { reissue: true, revoke: true, suspend: true, reinstate: true, issueCertificate: true, issueActivationCode: true },
  medpay: {
    catalogue: true,
    institutions: true,
    registerVisit: true,
    submitSettlement: true,
    getSettlement: true,
    refund: true,
    account: true,
    listSettlements: true,
    confirm: true,
    decline: true,
    startFamilyConsent: true,
    linkFamily: true,
    familyLinks: true,
    familyCredentials: true,
    relativeLinks: true,
    endRelativeLink: true
  },
  delegation: { startConsent: true, create: true, list: true, end: true, credentials: true, paper: true }
}

/** The app's client: Taro.request against the configured base URL (see `apiBase`), loaded on first use. */
export function createAppApiClient(options: Partial<Omit<ApiClientOptions, 'baseUrl'>> = {}): ApiClient {
  let client: Promise<ApiClient> | undefined
  const load = () =>
    (client ??= import(/* webpackChunkName: "api-client" */ './client').then(
      (m) => m.createApiClient({ baseUrl: apiBase.baseUrl, request: taroTransport, ...options }),
      (e: unknown) => {
        client = undefined // a failed download (ChunkLoadError) is tried again by the next call
        throw e
      }
    ))
  whenIdle(load)
  type Fn = (...a: unknown[]) => Promise<unknown>
  const forward = (pick: (c: ApiClient) => Record<string, unknown>, names: string[]) => {
    const out: Record<string, Fn> = {}
    for (const name of names) out[name] = async (...args) => (pick(await load())[name] as Fn)(...args)
    return out
  }
  const lazy: Record<string, unknown> = forward((c) => c as unknown as Record<string, unknown>, Object.keys(METHODS))
  for (const group of Object.keys(GROUPS) as Group[]) lazy[group] = forward((c) => c[group] as unknown as Record<string, unknown>, Object.keys(GROUPS[group]))
  return lazy as unknown as ApiClient
}
