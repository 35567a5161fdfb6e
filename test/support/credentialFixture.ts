/**
 * Run-time test fixtures: fresh keys every run (never pasted blobs), a trust list signed by a test
 * root, SD-JWT VCs signed by a test issuer, key bindings by a test device key.
 */
import { randomBytes } from 'node:crypto'
import { jwsAlgOf, keyPairFromSecret, sm2KeyPairFromSecret } from '../../src/services/crypto'
import { joseBackend } from '../../src/services/crypto/jose.node'
import type { CryptoBackend, Curve, EcPrivateJwk, EcPublicJwk } from '../../src/services/crypto/types'
import { signJwt } from '../../src/services/jws'
import { addKeyBinding, issueSdJwt } from '../../src/services/sdjwt/issue'
import type { SdJwtVcPayload } from '../../src/services/sdjwt/types'
import { TRUST_LIST_TYP } from '../../src/services/trust/verifyTrustList'
import type { TrustList, TrustedKey } from '../../src/services/trust/types'

/** 2026-11-27T12:00:00+08:00, the frozen "now" of these tests. */
export const NOW = Math.floor(Date.parse('2026-11-27T12:00:00+08:00') / 1000)
export const DAY = 86400

/** A fresh key pair: P-256 (ES256) by default, SM2 (SM2SM3) when asked. */
export function newKey(kid: string, curve: Curve = 'P-256'): { privateJwk: EcPrivateJwk & { kid: string }; publicJwk: EcPublicJwk & { kid: string } } {
  const { privateJwk, publicJwk } = (curve === 'SM2' ? sm2KeyPairFromSecret : keyPairFromSecret)(new Uint8Array(randomBytes(32)))
  return { privateJwk: { ...privateJwk, kid }, publicJwk: { ...publicJwk, kid } }
}

export const rnd = (n: number) => new Uint8Array(randomBytes(n))

export interface Fixture {
  root: ReturnType<typeof newKey>
  issuerKey: ReturnType<typeof newKey>
  oldKey: ReturnType<typeof newKey>
  device: ReturnType<typeof newKey>
  issuerId: string
  trust: TrustList
  trustJws: () => Promise<string>
  keyEntry: (k: ReturnType<typeof newKey>, extra?: Partial<TrustedKey>) => TrustedKey
  issue: (over?: Partial<SdJwtVcPayload>, disclosable?: Record<string, unknown>, key?: EcPrivateJwk & { kid: string }) => Promise<string>
  present: (sdJwt: string, claims?: Partial<{ aud: string; nonce: string; iat: number }>, deviceKey?: EcPrivateJwk) => Promise<string>
}

export const ID_CLAIMS = {
  cert_id: '',
  name: '测试甲',
  sex: '男',
  birth_date: '1990-03-15',
  id_number: '44010619900315001X',
  address: '广东省广州市天河区测试路1号',
  age_over_18: true
}

/** Which curve each party's key is on (default: all P-256, as before SM2). */
export interface FixtureCurves {
  root?: Curve
  issuer?: Curve
  device?: Curve
}

export function makeFixture(backend: CryptoBackend = joseBackend, curves: FixtureCurves = {}): Fixture {
  const root = newKey('test-root', curves.root)
  const issuerKey = newKey('test-issuer-2026', curves.issuer)
  const oldKey = newKey('test-issuer-2024', curves.issuer)
  const device = newKey('device', curves.device)
  const issuerId = '11440000006939001Y'
  const keyEntry = (k: ReturnType<typeof newKey>, extra: Partial<TrustedKey> = {}): TrustedKey => ({
    kid: k.publicJwk.kid,
    alg: jwsAlgOf(k.publicJwk)!,
    jwk: k.publicJwk,
    notBefore: NOW - 365 * DAY,
    notAfter: NOW + 365 * DAY,
    ...extra
  })
  const trust: TrustList = {
    iss: 'TEST-ROOT',
    iat: NOW - DAY,
    exp: NOW + 30 * DAY,
    version: 1,
    issuers: [
      {
        id: issuerId,
        name: '广东省公安厅（测试）',
        region: '广东省',
        authority: 'public-security',
        kinds: ['id-card'],
        keys: [keyEntry(issuerKey), keyEntry(oldKey, { notBefore: NOW - 3 * 365 * DAY, notAfter: NOW - 200 * DAY })]
      }
    ]
  }
  const f: Fixture = {
    root,
    issuerKey,
    oldKey,
    device,
    issuerId,
    trust,
    keyEntry,
    trustJws: () => signJwt(trust, { typ: TRUST_LIST_TYP, kid: root.publicJwk.kid }, root.privateJwk, backend),
    issue: (over = {}, disclosable = ID_CLAIMS, key = issuerKey.privateJwk) =>
      issueSdJwt({
        payload: {
          iss: issuerId,
          iat: NOW - 60,
          nbf: NOW - 60,
          exp: NOW + 30 * DAY,
          vct: 'urn:cn:certwallet:vct:id-card:1',
          cnf: { jwk: { kty: 'EC', crv: device.publicJwk.crv, x: device.publicJwk.x, y: device.publicJwk.y } },
          status: { status_list: { idx: 7, uri: 'https://zwfw.certwallet.example/api/v1/status-lists/test' } },
          ...over
        },
        disclosable,
        issuerKey: key,
        backend,
        random: rnd
      }),
    present: (sdJwt, claims = {}, deviceKey = device.privateJwk) =>
      addKeyBinding(sdJwt, deviceKey, { aud: 'verifier:test', nonce: 'n-123', iat: NOW - 5, ...claims }, backend)
  }
  return f
}
