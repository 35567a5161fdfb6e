/**
 * The 加注件 check (src/services/fileGrant/copy.ts) on both backends, against a real copy the
 * simulator released under a grant: it verifies with the platform key of the root-signed trust
 * list, and every tampering fails with its code — a changed field or watermark, a copy re-signed by
 * another key under the platform's kid, an issuer's key, an unknown kid, the wrong typ, a trust list
 * without the platform entry, a compromised platform key, past its expiry.
 */
import { createSimulator, DEFAULT_SEED, PLATFORM_COPY_KID } from '../../../../mock/simulator'
import { deriveKey } from '../../../../mock/simulator/keys'
import { keyPairFromSecret } from '../../../../src/services/crypto'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { nobleBackend } from '../../../../src/services/crypto/noble'
import type { CryptoBackend, EcPrivateJwk } from '../../../../src/services/crypto/types'
import { FILE_COPY_TYP, verifyFileCopy } from '../../../../src/services/fileGrant'
import { signJwt } from '../../../../src/services/jws'
import { verifyTrustList } from '../../../../src/services/trust/verifyTrustList'
import { PINNED_ROOT_KEYS } from '../../../../src/services/trust/rootKeys'
import type { TrustList } from '../../../../src/services/trust/types'
import { fileCopyWatermark } from '../../../../src/vocabulary/fileGrants'
import { holderFor } from '../../../support/holderAuth'
import { enrolOnSimulator, INSTITUTIONS } from '../../../support/institution'
import { grantFor } from '../../../support/fileGrant'

const NOW = Date.parse('2026-11-27T10:00:00+08:00')
const nowSec = NOW / 1000

async function released() {
  const sim = createSimulator({ now: () => new Date(NOW) })
  const zhang = holderFor(sim, '张明华', '44010619900315001X')
  const cid = sim.listCertificates(zhang.holderId).find((c) => c.kind === 'id-card' && c.status === 'valid')!.certId
  const g = await sim.createFileGrant(zhang.holderId, await grantFor(zhang.device.privateJwk, { sub: zhang.holderId, cid, org: INSTITUTIONS.hotel, pur: 'hotel' }, nowSec))
  const hotel = enrolOnSimulator(sim, 'hotel')
  const principal = { id: hotel.enrolment.institutionId, name: hotel.enrolment.name, role: hotel.enrolment.role, purposes: hotel.enrolment.purposes }
  const r = await sim.retrieveFile(principal, g.grantId)
  const trust = await verifyTrustList(await sim.trustList(), PINNED_ROOT_KEYS, joseBackend, nowSec)
  return { r, trust, payload: JSON.parse(Buffer.from(r.copy.split('.')[1], 'base64url').toString()) as Record<string, unknown> }
}

const platformKey = deriveKey(DEFAULT_SEED, PLATFORM_COPY_KID)
const resign = (payload: unknown, key: EcPrivateJwk = platformKey.privateJwk, header: Record<string, unknown> = { typ: FILE_COPY_TYP, kid: PLATFORM_COPY_KID }) => signJwt(payload, header, key, joseBackend)

describe.each([
  ['jose', joseBackend],
  ['noble', nobleBackend]
] as [string, CryptoBackend][])('verifyFileCopy (%s)', (_name, backend) => {
  it('a released copy verifies: platform issuer, watermark, purpose, grant and exactly the allowed fields', async () => {
    const { r, trust } = await released()
    const copy = await verifyFileCopy(r.copy, { trust, backend, now: nowSec })
    expect(copy).toMatchObject({ iss: trust.platform!.id, gid: r.grantId, pur: 'hotel', purLabel: '酒店入住', wm: r.watermark, org: { id: INSTITUTIONS.hotel } })
    expect(copy.wm).toBe(fileCopyWatermark('广州天河花园酒店有限公司', '酒店入住', copy.exp))
    expect(Object.keys(copy.fields).sort()).toEqual(['address', 'ethnicity', 'id_number', 'name', 'portrait_hash'])
  })

  it('a field changed in the payload (signature kept): ERR_SIGNATURE_INVALID', async () => {
    const { r, trust, payload } = await released()
    const [h, , s] = r.copy.split('.')
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, fields: { ...(payload.fields as object), name: '李四' } })).toString('base64url')}.${s}`
    await expect(verifyFileCopy(tampered, { trust, backend, now: nowSec })).rejects.toMatchObject({ code: 'ERR_SIGNATURE_INVALID' })
  })

  it("re-signed by another key under the platform's kid, or by an issuer's key: ERR_SIGNATURE_INVALID / ERR_KID_UNKNOWN", async () => {
    const { trust, payload } = await released()
    const forger = keyPairFromSecret(new Uint8Array(32).fill(5)).privateJwk
    await expect(verifyFileCopy(await resign(payload, forger), { trust, backend, now: nowSec })).rejects.toMatchObject({ code: 'ERR_SIGNATURE_INVALID' })
    // An issuing authority's key is in the trust list, but not as the platform's.
    const issuerKid = trust.issuers[0].keys[1].kid
    const issuerKey = deriveKey(DEFAULT_SEED, issuerKid).privateJwk
    await expect(verifyFileCopy(await resign(payload, issuerKey, { typ: FILE_COPY_TYP, kid: issuerKid }), { trust, backend, now: nowSec })).rejects.toMatchObject({ code: 'ERR_KID_UNKNOWN' })
  })

  it('a watermark or expiry changed and re-signed by the platform key itself no longer matches: ERR_CLAIM_INVALID', async () => {
    const { trust, payload } = await released()
    await expect(verifyFileCopy(await resign({ ...payload, wm: '仅供内部使用' }), { trust, backend, now: nowSec })).rejects.toMatchObject({ code: 'ERR_CLAIM_INVALID', detail: 'watermark' })
    await expect(verifyFileCopy(await resign({ ...payload, exp: (payload.exp as number) + 365 * 86400 }), { trust, backend, now: nowSec })).rejects.toMatchObject({ code: 'ERR_CLAIM_INVALID', detail: 'watermark' })
    await expect(verifyFileCopy(await resign({ ...payload, iss: '91440106MA5CXK3L2H' }), { trust, backend, now: nowSec })).rejects.toMatchObject({ code: 'ERR_CLAIM_INVALID' })
  })

  it('wrong typ, no platform in the trust list, a compromised platform key, past the expiry', async () => {
    const { r, trust, payload } = await released()
    await expect(verifyFileCopy(await resign(payload, platformKey.privateJwk, { typ: 'dpop+jwt', kid: PLATFORM_COPY_KID }), { trust, backend, now: nowSec })).rejects.toMatchObject({ code: 'ERR_TYP_INVALID' })
    const noPlatform: TrustList = { ...trust, platform: undefined }
    await expect(verifyFileCopy(r.copy, { trust: noPlatform, backend, now: nowSec })).rejects.toMatchObject({ code: 'ERR_KID_UNKNOWN' })
    const compromised: TrustList = { ...trust, platform: { ...trust.platform!, keys: trust.platform!.keys.map((k) => ({ ...k, compromisedAt: nowSec - 1 })) } }
    await expect(verifyFileCopy(r.copy, { trust: compromised, backend, now: nowSec })).rejects.toMatchObject({ code: 'ERR_KEY_COMPROMISED' })
    await expect(verifyFileCopy(r.copy, { trust, backend, now: (payload.exp as number) + 1 })).rejects.toMatchObject({ code: 'ERR_GRANT_EXPIRED' })
  })
})
