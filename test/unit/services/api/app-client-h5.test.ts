/**
 * The H5 first screen's lazy loaders (issue #12 §3): the H5 API client forwards every method to the
 * real client once it has loaded; the H5 crypto backend and wallet checks are the real ones.
 * (Jest runs `import()` as a require, so this checks the forwarding, not the chunk split: the split
 * is checked by the build's chunk map, test/browser/bundle.test.ts.)
 */
import { createAppApiClient as createH5Client } from '../../../../src/services/api/appClient.h5'
import { createApiClient, type ApiClient } from '../../../../src/services/api/client'
import { apiBase } from '../../../../src/services/api/apiBase'
import type { HttpRequest, HttpTransport } from '../../../../src/services/api/transport'
import { platformBackend as h5Backend } from '../../../../src/services/crypto/backend.h5'
import { joseBackend } from '../../../../src/services/crypto/jose.node'
import { keyPairFromSecret } from '../../../../src/services/crypto'
import { bytesToHex } from '@noble/hashes/utils'
import { utf8Encode } from '../../../../src/services/encoding'
import { loadWalletChecks as loadH5Checks } from '../../../../src/store/loadWalletChecks.h5'
import { loadWalletChecks } from '../../../../src/store/loadWalletChecks'
import { WalletError } from '../../../../src/services/errors'

/** A transport that answers every request with `status` and `body`, and records the requests. */
function recording(status: number, body: unknown) {
  const requests: HttpRequest[] = []
  const transport: HttpTransport = (request) => {
    requests.push(request)
    return { response: Promise.resolve({ status, headers: {}, body: JSON.stringify(body) }), abort: () => undefined }
  }
  return { transport, requests }
}

const methodNames = (c: ApiClient) => {
  const out: string[] = []
  for (const [k, v] of Object.entries(c)) {
    if (typeof v === 'function') out.push(k)
    else for (const [g, f] of Object.entries(v as Record<string, unknown>)) if (typeof f === 'function') out.push(`${k}.${g}`)
  }
  return out.sort()
}

describe('H5 API client (loaded on first call)', () => {
  it('has every method of the real client, in the same groups', () => {
    const real = createApiClient({ baseUrl: apiBase.baseUrl, request: recording(200, {}).transport })
    expect(methodNames(createH5Client({ request: recording(200, {}).transport }))).toEqual(methodNames(real))
  })

  it('sends the same request as the real client and returns its checked answer', async () => {
    const answer = { verifyResult: 'ticket-1' }
    const lazy = recording(200, answer)
    const direct = recording(200, answer)
    const h5 = createH5Client({ request: lazy.transport, maxRetries: 0 })
    const real = createApiClient({ baseUrl: apiBase.baseUrl, request: direct.transport, maxRetries: 0 })
    const input = { sessionId: 's-1', name: '张明华', idNumber: '11010519491231002X' } as unknown as Parameters<ApiClient['simulator']['faceCheck']>[0]
    await expect(h5.simulator.faceCheck(input)).resolves.toEqual(await real.simulator.faceCheck(input))
    expect(lazy.requests).toEqual(direct.requests)
    expect(lazy.requests[0].url).toBe(apiBase.baseUrl.replace(/\/+$/, '') + '/__mock/face-checks')
  })

  it('rejects with the real client\'s coded error (a schema mismatch is ERR_BAD_RESPONSE)', async () => {
    const h5 = createH5Client({ request: recording(200, { not: 'a trust list' }).transport, maxRetries: 0 })
    const e = await h5.trustList().catch((x: unknown) => x)
    expect(e).toBeInstanceOf(WalletError)
    expect((e as WalletError).code).toBe('ERR_BAD_RESPONSE')
    const real = createApiClient({ baseUrl: apiBase.baseUrl, request: recording(200, { not: 'a trust list' }).transport, maxRetries: 0 })
    expect(((await real.trustList().catch((x: unknown) => x)) as WalletError).code).toBe('ERR_BAD_RESPONSE')
  })

  it('forwards a group method (medpay) and its coded error', async () => {
    const lazy = recording(503, { code: 'ERR_SERVER', message: '维护中' })
    const h5 = createH5Client({ request: lazy.transport, maxRetries: 0 })
    const e = await h5.medpay.catalogue().catch((x: unknown) => x)
    expect((e as WalletError).code).toBe('ERR_SERVER')
    expect(lazy.requests).toHaveLength(1)
    expect(lazy.requests[0].method).toBe('GET')
  })
})

describe('H5 crypto backend (loaded on first use)', () => {
  it('hashes like the real backend', async () => {
    const data = utf8Encode('证照夹')
    expect(bytesToHex(await h5Backend.sha256(data))).toBe(bytesToHex(await joseBackend.sha256(data)))
    expect(bytesToHex(await h5Backend.sha256(utf8Encode('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('signs a JWS the real backend accepts, and refuses a changed payload', async () => {
    const { privateJwk, publicJwk } = keyPairFromSecret(new Uint8Array(32).fill(7))
    const jws = await h5Backend.signJws(privateJwk, { alg: 'ES256', typ: 'JWT' }, utf8Encode('{"a":1}'))
    const [h, p, s] = jws.split('.')
    const sig = Uint8Array.from(Buffer.from(s, 'base64url'))
    expect(await joseBackend.verify(publicJwk, h, p, sig)).toBe(true)
    expect(await h5Backend.verify(publicJwk, h, p, sig)).toBe(true)
    expect(await h5Backend.verify(publicJwk, h, Buffer.from('{"a":2}').toString('base64url'), sig)).toBe(false)
  })
})

describe('H5 wallet checks (loaded on first sync or claim)', () => {
  it('are the same functions the mini-programs load statically', async () => {
    const [h5, mp] = await Promise.all([loadH5Checks(), loadWalletChecks()])
    expect(h5.verifyCredential).toBe(mp.verifyCredential)
    expect(h5.createStatusLookup).toBe(mp.createStatusLookup)
    expect(h5.refreshTrustList).toBe(mp.refreshTrustList)
  })
})
