/**
 * The mini-program crypto backend, bundled as Taro would ship it, verifies a jose-made ES256 JWS
 * inside a VM with none of crypto / TextEncoder / atob / fetch / Buffer / process.
 */
import vm from 'node:vm'
import { CompactSign, exportJWK, generateKeyPair } from 'jose'
import { bundleForBareVm, type BareVmBundle } from './bundle'

const ENTRY = ['src/services/crypto/backend.weapp.ts', 'src/services/encoding/index.ts']
const ABSENT = ['crypto', 'TextEncoder', 'TextDecoder', 'atob', 'btoa', 'fetch', 'Buffer', 'process', 'URL', 'structuredClone', 'window', 'globalThis.crypto']

// Order of the P-256 group.
const P256_N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551')

let bundle: BareVmBundle

beforeAll(async () => {
  bundle = await bundleForBareVm(ENTRY, { platform: 'weapp' })
})

async function makeJws(payload: unknown) {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true })
  const jwk = await exportJWK(publicKey)
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: 'test-key' })
    .sign(privateKey)
  return { jwkJson: JSON.stringify(jwk), jws }
}

/** Verifies inside the VM: everything (JSON, base64url, ES256) happens with the sandbox's built-ins. */
function verifyInVm(ctx: vm.Context, lib: unknown, jwkJson: string, protectedB64: string, payloadB64: string, sigB64: string): Promise<boolean> {
  const fn = vm.runInContext(
    `(async (lib, jwkJson, h, p, s) => lib.platformBackend.verify(JSON.parse(jwkJson), h, p, lib.base64urlDecode(s)))`,
    ctx
  ) as (...a: unknown[]) => Promise<boolean>
  return fn(lib, jwkJson, protectedB64, payloadB64, sigB64)
}

describe('noble backend in a bare VM (what WeChat/Alipay give)', () => {
  it('bundles with no Node built-in and no jose', () => {
    expect(bundle.inputs.some((f) => /node_modules\/jose\//.test(f))).toBe(false)
    expect(bundle.code).not.toMatch(/\brequire\(/)
    expect(bundle.inputs).toContain('src/services/crypto/noble.ts')
  })

  it('has none of the browser/Node globals', () => {
    const { context } = bundle.load()
    const types = vm.runInContext(`[${ABSENT.map((n) => `typeof ${n}`).join(',')}]`, context) as string[]
    expect(Object.fromEntries(ABSENT.map((n, i) => [n, types[i]]))).toEqual(Object.fromEntries(ABSENT.map((n) => [n, 'undefined'])))
  })

  it('verifies a jose ES256 JWS and rejects a tampered payload or signature', async () => {
    const { exports, context } = bundle.load()
    expect(exports.platformBackend.name).toBe('noble')
    // Until both a high-S signature (half of WebCrypto's; noble needs lowS:false) and a low-S one were checked.
    const seen = new Set<'high' | 'low'>()
    for (let i = 0; seen.size < 2; i++) {
      if (i >= 64) throw new Error('no high-S/low-S pair in 64 signatures')
      const { jwkJson, jws } = await makeJws({ iss: '国家政务服务平台', sub: `cert-${i}`, name: '张明华', n: i })
      const [h, p, s] = jws.split('.')
      seen.add(BigInt('0x' + Buffer.from(s, 'base64url').subarray(32).toString('hex')) > P256_N / 2n ? 'high' : 'low')
      await expect(verifyInVm(context, exports, jwkJson, h, p, s)).resolves.toBe(true)

      const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'))
      const tampered = Buffer.from(JSON.stringify({ ...claims, name: '李秀英' })).toString('base64url')
      await expect(verifyInVm(context, exports, jwkJson, h, tampered, s)).resolves.toBe(false)

      const sig = Buffer.from(s, 'base64url')
      sig[10] ^= 1
      await expect(verifyInVm(context, exports, jwkJson, h, p, sig.toString('base64url'))).resolves.toBe(false)
    }
  })

  it('rejects a signature made by another key', async () => {
    const { exports, context } = bundle.load()
    const a = await makeJws({ sub: 'a' })
    const b = await makeJws({ sub: 'a' })
    const [h, p, s] = a.jws.split('.')
    await expect(verifyInVm(context, exports, b.jwkJson, h, p, s)).resolves.toBe(false)
  })
})
