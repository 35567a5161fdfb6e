/**
 * 原件 fixtures signed at run time with fresh test keys: a root (the seal maker), two issuers each
 * with an SM2 seal key listed in a trust list, and a certificate of the id-card kind.
 */
import { randomBytes } from 'node:crypto'
import { sm2KeyPairFromSecret } from '../../src/services/crypto'
import { certRegistry } from '../../src/certs/registry'
import { generateCertId } from '../../src/certs/identifier'
import { makeSealer } from '../../src/services/ofd/sealMaker'
import { buildOriginal, type BuildOverrides, type OriginalInput } from '../../src/services/ofd/original'
import type { TrustList } from '../../src/services/trust/types'
import type { OriginalTrustMaterial } from '../../src/services/ofd/verifyOriginal'
import type { StatusLookup } from '../../src/services/sdjwt/verify'

export const T0 = Date.UTC(2026, 0, 1) / 1000
export const NOW = Date.UTC(2026, 10, 30) / 1000
const YEAR = 365 * 86400

const key = () => sm2KeyPairFromSecret(new Uint8Array(randomBytes(32)))

export function ofdWorld() {
  const root = key()
  const issuers = [
    { id: '11440000006939001Y', name: '广东省公安厅', esId: '4400002026000001', seal: key() },
    { id: '11330000002482002M', name: '浙江省公安厅', esId: '3300002026000001', seal: key() }
  ]
  const sealerOf = (i: (typeof issuers)[number], window = { validStart: T0, validEnd: T0 + 3 * YEAR }) =>
    makeSealer({ esId: i.esId, name: `${i.name}电子证照专用章`, orgId: i.id, signerKey: i.seal.privateJwk, ...window, maker: { key: root.privateJwk, name: { c: 'CN', cn: 'CN-GOV-ROOT' }, serial: 1n }, serial: 2n })
  const platform = { id: '12100000MB0000000X', name: '全国一体化政务服务平台', esId: '12100000MB0000000X0001', seal: key() }
  const platformSealer = () => makeSealer({ esId: platform.esId, name: `${platform.name}加注专用章`, orgId: platform.id, signerKey: platform.seal.privateJwk, validStart: T0, validEnd: T0 + 3 * YEAR, maker: { key: root.privateJwk, name: { c: 'CN', cn: 'CN-GOV-ROOT' }, serial: 1n }, serial: 3n })
  const trust: TrustList = {
    iss: 'CN-GOV-ROOT',
    iat: NOW,
    exp: NOW + 30 * 86400,
    version: 1,
    issuers: issuers.map((i) => ({
      id: i.id,
      name: i.name,
      region: i.name.slice(0, 3),
      authority: 'public-security',
      kinds: ['id-card'],
      keys: [],
      seals: [{ kid: i.esId, alg: 'SM2SM3', jwk: i.seal.publicJwk, notBefore: T0, notAfter: T0 + 3 * YEAR, esId: i.esId, kinds: ['id-card'] }]
    })),
    platform: { id: platform.id, name: platform.name, keys: [], seals: [{ kid: platform.esId, alg: 'SM2SM3', jwk: platform.seal.publicJwk, notBefore: T0, notAfter: T0 + 3 * YEAR, esId: platform.esId, kinds: ['id-card'] }] }
  }
  const module = certRegistry.require('id-card')
  const input = (issuer = issuers[0], sealedAt = NOW - 86400): OriginalInput => ({
    module,
    certId: generateCertId({ typeCode: module.typeCode, issuerCode: issuer.id, serial: '000000000123', version: 1 }),
    claims: { name: '张明华', sex: '男', ethnicity: '汉', birth_date: '1990-03-15', address: '广东省广州市天河区天河路385号', id_number: '44010619900315001X', issuing_authority: '广州市公安局天河分局', valid_from: '2019-05-20', valid_until: '2039-05-20', portrait_hash: 'abc' },
    issuer: { id: issuer.id, name: issuer.name },
    status: { uri: 'https://example.test/status/gd-gat', idx: 42 },
    sealedAt
  })
  const statuses = new Map<number, 'valid' | 'invalid'>([[42, 'valid']])
  const status: StatusLookup = async ({ idx }) => statuses.get(idx) ?? 'unknown'
  const material = (over: Partial<OriginalTrustMaterial> = {}): OriginalTrustMaterial => ({ trust, rootKeys: [root.publicJwk], registry: certRegistry, now: NOW, status, ...over })
  const build = (opts: { issuer?: (typeof issuers)[number]; sealWith?: (typeof issuers)[number]; sealWindow?: { validStart: number; validEnd: number }; sealedAt?: number; input?: Partial<OriginalInput>; overrides?: BuildOverrides } = {}) =>
    buildOriginal({ ...input(opts.issuer, opts.sealedAt), ...opts.input }, sealerOf(opts.sealWith ?? opts.issuer ?? issuers[0], opts.sealWindow), opts.overrides)
  return { root, issuers, platform, platformSealer, trust, module, input, statuses, status, material, build, sealerOf }
}
