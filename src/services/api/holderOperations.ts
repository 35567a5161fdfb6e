/** Every API path is below this prefix (the yaml's `servers[0].url`). */
export const API_PREFIX = '/api/v1'

export type HttpMethod = 'GET' | 'POST' | 'DELETE'

export interface Operation {
  method: HttpMethod
  /** Path template below API_PREFIX, OpenAPI style (`{certId}`). */
  path: string
  /**
   * Safe to send again after it may have reached the server (the yaml's `x-idempotent`). Only
   * these are retried on 5xx, timeouts and network failures; every operation is retried on 429,
   * which the server answers before doing any work.
   */
  idempotent: boolean
  /** The client method that calls it (dotted for `admin.*`), when not named as the operation. */
  clientMethod?: string
}

/**
 * The operations the holder client calls (`createHolderApiClient`, holderClient.ts): the wallet page
 * and the stores of the WeChat main package — sign-in, token refresh, the certificate list and
 * credentials (with the 原件 fetched at claim), changes, trust and status lists, purpose credentials,
 * the device list and the 家人代办 list. Part of `operations` (operations.ts), the one table the test
 * holds to the yaml; `npm run gen:api` writes their response schemas apart (generated/holderSchemas.ts)
 * so the main package does not carry every endpoint's (issue #12).
 */
export const holderOperations = {
  startFaceSession: { method: 'POST', path: '/auth/face-sessions', idempotent: false },
  completeFaceSession: { method: 'POST', path: '/auth/face-sessions/{sessionId}/complete', idempotent: false },
  refreshHolderToken: { method: 'POST', path: '/auth/token', idempotent: false },
  listCertificates: { method: 'GET', path: '/holder/certificates', idempotent: true },
  issueCredential: { method: 'POST', path: '/holder/certificates/{certId}/credential', idempotent: true },
  getOriginal: { method: 'GET', path: '/holder/certificates/{certId}/original', idempotent: true },
  changesSince: { method: 'GET', path: '/holder/changes', idempotent: true },
  trustList: { method: 'GET', path: '/trust-list', idempotent: true },
  statusList: { method: 'GET', path: '/status-lists/{listId}', idempotent: true },
  issuePurposeCredentials: { method: 'POST', path: '/holder/presentation-credentials', idempotent: true },
  listDevices: { method: 'GET', path: '/holder/devices', idempotent: true },
  deactivateDevice: { method: 'POST', path: '/holder/devices/{deviceId}/deactivate', idempotent: true },
  listDelegations: { method: 'GET', path: '/holder/delegations', idempotent: true, clientMethod: 'delegation.list' }
} as const satisfies Record<string, Operation>

export type HolderOperationId = keyof typeof holderOperations

/** The holder client's operationIds (scripts/gen-api.ts writes their response schemas). */
export const HOLDER_OPERATION_IDS = Object.keys(holderOperations) as HolderOperationId[]
