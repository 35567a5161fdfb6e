/**
 * Lost phone: on a new phone the holder passes the face check, sees both devices, deactivates the
 * old one; verifiers that refreshed the (root-signed) device revocation list refuse the old
 * phone's presentations, and the old phone gets no more credentials. All through the HTTP API.
 */
import { createApiClient, createFetchTransport } from '../../../../src/services/api'
import { keyPairFromSecret, nobleBackend } from '../../../../src/services/crypto'
import { jwkThumbprint } from '../../../../src/services/crypto/thumbprint'
import { base64urlDecode } from '../../../../src/services/encoding'
import { createPresentation, ReplayCache, verifyPresentation } from '../../../../src/services/presentation'
import { verifyDeviceRevocations } from '../../../../src/services/trust/deviceRevocations'
import { verifyTrustList } from '../../../../src/services/trust/verifyTrustList'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import { certRegistry } from '../../../../src/certs/registry'
import { installMockApi } from '../../../support/mockApi'
import { signInOverApi } from '../../../support/faceSignIn'
import { dpopSigner } from '../../../../src/services/api/holderAuth'
import type { EcPrivateJwk, EcPublicJwk } from '../../../../src/services/crypto/types'

const NOW = Date.parse('2026-11-27T04:00:00Z')
installMockApi({ now: () => new Date(NOW) })
const api = createApiClient({ baseUrl: 'http://sim.test', request: createFetchTransport(), sleep: async () => {} })

const code = (c: string) => expect.objectContaining({ code: c })

/** Signs in on a phone: the tokens are bound to its device key (DPoP); calls carry its proofs. */
async function login(phone: { publicJwk: EcPublicJwk; privateJwk: EcPrivateJwk }) {
  const device = { ...phone, sign: dpopSigner(phone.privateJwk, { backend: nobleBackend, now: () => NOW, randomBytes: async (n) => globalThis.crypto.getRandomValues(new Uint8Array(n)) }) }
  return (await signInOverApi(api, '张明华', '44010619900315001X', device)).auth
}

test('deactivating a lost phone makes its presentations fail and stops its credentials', async () => {
  const oldPhone = keyPairFromSecret(new Uint8Array(32).fill(21))
  const newPhone = keyPairFromSecret(new Uint8Array(32).fill(22))
  const oldToken = await login(oldPhone)
  const oldSets = (await api.issuePurposeCredentials(oldToken, 'hotel', oldPhone.publicJwk, 2)).sets

  const newToken = await login(newPhone)
  const newSets = (await api.issuePurposeCredentials(newToken, 'hotel', newPhone.publicJwk, 1)).sets
  const { items } = await api.listDevices(newToken)
  expect(items.map((d) => d.deviceId).sort()).toEqual([jwkThumbprint(oldPhone.publicJwk), jwkThumbprint(newPhone.publicJwk)].sort())
  const lost = await api.deactivateDevice(newToken, jwkThumbprint(oldPhone.publicJwk))
  expect(lost).toMatchObject({ status: 'deactivated', keyX: oldPhone.publicJwk.x })

  const now = Math.floor(NOW / 1000)
  const trust = await verifyTrustList((await api.trustList()).trustList, PINNED_ROOT_KEYS, nobleBackend, now)
  const revoked = await verifyDeviceRevocations((await api.deviceRevocations()).deviceRevocations, PINNED_ROOT_KEYS, nobleBackend, now)
  const ctx = { trust, registry: certRegistry, backend: nobleBackend, now, replay: new ReplayCache(), isDeviceDeactivated: (x: string) => revoked.keys.has(x) }
  const fromOld = await createPresentation({ credentials: oldSets[1].credentials.map(base64urlDecode), deviceKey: oldPhone.privateJwk, now, backend: nobleBackend })
  await expect(verifyPresentation(fromOld, ctx)).rejects.toEqual(code('ERR_DEVICE_DEACTIVATED'))
  const fromNew = await createPresentation({ credentials: newSets[0].credentials.map(base64urlDecode), deviceKey: newPhone.privateJwk, now, backend: nobleBackend })
  await expect(verifyPresentation(fromNew, ctx)).resolves.toMatchObject({ purpose: 'hotel' })

  // The old phone's tokens are revoked with its key: a thief holding it (or a copy) calls nothing.
  await expect(api.issuePurposeCredentials(oldToken, 'hotel', oldPhone.publicJwk, 1)).rejects.toEqual(code('ERR_TOKEN_REVOKED'))
  await expect(api.listCertificates(oldToken)).rejects.toEqual(code('ERR_TOKEN_REVOKED'))
  // The new phone still cannot fetch credentials for the lost key: the body's key must be the one
  // whose DPoP proof signed the call, and the new phone's proofs are by its own key.
  await expect(api.issuePurposeCredentials(newToken, 'hotel', oldPhone.publicJwk, 1)).rejects.toEqual(code('ERR_DPOP_KEY_MISMATCH'))
  await expect(api.deactivateDevice(newToken, 'no-such-device')).rejects.toEqual(code('ERR_NOT_FOUND'))
})

test('a device revocation list not signed by the root, or past its exp, is refused', async () => {
  const jws = (await api.deviceRevocations()).deviceRevocations
  const now = Math.floor(NOW / 1000)
  const other = keyPairFromSecret(new Uint8Array(32).fill(23)).publicJwk
  await expect(verifyDeviceRevocations(jws, [{ ...other, kid: PINNED_ROOT_KEYS[0].kid }], nobleBackend, now)).rejects.toEqual(code('ERR_TRUST_LIST_SIGNATURE'))
  await expect(verifyDeviceRevocations(jws, PINNED_ROOT_KEYS, nobleBackend, now + 2 * 86400)).rejects.toEqual(code('ERR_TRUST_LIST_EXPIRED'))
})
