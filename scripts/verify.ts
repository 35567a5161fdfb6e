/**
 * `npm run verify -- <input> [options]`: the command-line verifier (SD-JWT VCs, CW1 QR presentations, CWP1 bearer credentials and sealed OFD 原件 files, `@file.ofd`) for hotel, police and pharmacy
 * systems. Prints one JSON line {ok, code, kind, issuer, claims, checks}; exit 0 valid, 1 invalid,
 * 2 usage error. See README "Command-line verifier".
 */
import { readFileSync, existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
// The package's verifier entry point (src/verifier): the same core a relying party imports.
import {
  BEARER_PREFIX,
  certRegistry,
  createStatusLookup,
  displayField,
  joseBackend,
  nobleBackend,
  PINNED_ROOT_KEYS,
  PRESENTATION_PREFIX,
  ReplayCache,
  statusListIdFromUri,
  statusListUri,
  toWalletError,
  verifyBearerCredential,
  verifyCredential,
  verifyOriginal,
  verifyAnnotatedCopy,
  MAX_OFD_BYTES,
  verifyPresentation,
  verifyTrustList,
  WalletError,
  type CryptoBackend
} from '../src/verifier'
import { createApiClient } from '../src/services/api/client'
import { createFetchTransport } from '../src/services/api/fetchTransport'
// The 加注件's CustomData names (to tell a copy from a 原件 before checking it as one).
import { readOfd } from '../src/services/ofd/readOriginal'
import { COPY_META } from '../src/services/ofd/original'

const USAGE = `用法: npm run verify -- <出示内容 | @文件 | @二维码.png | @原件.ofd> [选项]
  --backend jose|noble   验签实现（默认 jose）
  --now <ISO 时间>        以该时间核验（默认当前时间）
  --trust <文件>          离线信任列表（JWS）
  --status <目录>         离线状态列表目录（<listId>.jwt）
  --aud <受众> --nonce <随机数>  核对设备证明（key binding）
  --no-kb                不要求设备证明：只检查签发方签名与状态（绑定设备的凭证默认必须附设备证明）
  --reveal               输出未脱敏的字段值`

/** Largest input read from a file (`@file`, `--trust`, `--status` lists): all are a few KB. */
export const MAX_INPUT_FILE_BYTES = 1024 * 1024
const MAX_STATUS_LIST_FILE_BYTES = MAX_INPUT_FILE_BYTES

export interface VerifyArgs {
  input: string
  backend: CryptoBackend
  now: number
  trustFile?: string
  statusDir?: string
  aud?: string
  nonce?: string
  /** Explicit opt-out: check a device-bound SD-JWT without its key binding (inspection only). */
  noKeyBinding?: boolean
  reveal: boolean
}

export class UsageError extends Error {}

export function parseArgs(argv: string[]): VerifyArgs {
  const args: Partial<VerifyArgs> & { reveal: boolean } = { reveal: false, backend: joseBackend, now: Math.floor(Date.now() / 1000) }
  const rest: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new UsageError(`${a} 需要一个值`)
      return v
    }
    if (a === '--backend') {
      const b = value()
      if (b !== 'jose' && b !== 'noble') throw new UsageError('--backend 只能是 jose 或 noble')
      args.backend = b === 'jose' ? joseBackend : nobleBackend
    } else if (a === '--now') {
      const t = Date.parse(value())
      if (Number.isNaN(t)) throw new UsageError('--now 需要 ISO 时间，如 2026-11-27T12:00:00+08:00')
      args.now = Math.floor(t / 1000)
    } else if (a === '--trust') args.trustFile = value()
    else if (a === '--status') args.statusDir = value()
    else if (a === '--aud') args.aud = value()
    else if (a === '--nonce') args.nonce = value()
    else if (a === '--reveal') args.reveal = true
    else if (a === '--no-kb') args.noKeyBinding = true
    else if (a === '--help' || a === '-h') throw new UsageError('')
    else if (a.startsWith('--')) throw new UsageError(`未知选项 ${a}`)
    else rest.push(a)
  }
  if (rest.length !== 1) throw new UsageError('需要且只需要一个出示内容')
  return { ...(args as VerifyArgs), input: rest[0] }
}

/** Reads the presentation text: literal, @file, or @image.png (QR decoded); an OFD file (`.ofd`, or a ZIP) as bytes. */
export async function readInput(input: string): Promise<string | Uint8Array> {
  if (!input.startsWith('@')) return input.trim()
  const path = input.slice(1)
  if (!existsSync(path)) throw new UsageError(`找不到文件 ${path}`)
  if (!statSync(path).isFile()) throw new UsageError(`不是文件 ${path}`)
  if (/\.ofd$/i.test(path)) {
    if (statSync(path).size > MAX_OFD_BYTES) throw new WalletError('ERR_TOO_LARGE', { detail: 'input-file' })
    return new Uint8Array(readFileSync(path))
  }
  if (/\.(png|jpe?g)$/i.test(path)) {
    const { decodeQrFromImageFile } = await import('./qrImage')
    return (await decodeQrFromImageFile(path)).trim()
  }
  if (statSync(path).size > MAX_INPUT_FILE_BYTES) throw new WalletError('ERR_TOO_LARGE', { detail: 'input-file' })
  return readFileSync(path, 'utf8').trim()
}

interface TrustSource {
  trustList(): Promise<string>
  statusList(listId: string): Promise<string>
}

async function trustSource(args: VerifyArgs): Promise<TrustSource> {
  const base = process.env.API_BASE_URL
  if (base) {
    const api = createApiClient({ baseUrl: base, request: createFetchTransport() })
    return { trustList: async () => (await api.trustList()).trustList, statusList: async (id) => (await api.statusList(id)).statusList }
  }
  // No API configured: the simulator, in-process, from the same fixed seed as the app.
  const { createSimulator } = await import('../mock/simulator')
  const sim = createSimulator({ now: () => new Date(args.now * 1000) })
  return { trustList: () => sim.trustList(), statusList: (id) => sim.statusList(id) }
}

export interface VerifyOutput {
  ok: boolean
  code: string
  kind: string | null
  issuer: string | null
  claims: Record<string, string>
  checks: Record<string, unknown>
}

export async function runVerify(args: VerifyArgs): Promise<VerifyOutput> {
  try {
    const text = await readInput(args.input)
    const source = args.trustFile || args.statusDir ? null : await trustSource(args)
    if (args.trustFile && statSync(args.trustFile).size > MAX_INPUT_FILE_BYTES) throw new WalletError('ERR_TOO_LARGE', { detail: 'trust-file' })
    const trustJws = args.trustFile ? readFileSync(args.trustFile, 'utf8').trim() : await source!.trustList()
    const trust = await verifyTrustList(trustJws, PINNED_ROOT_KEYS, args.backend, args.now)
    const stored: Record<string, { jwt: string; fetchedAt: number }> = {}
    const status = createStatusLookup({
      trust: { list: trust, jws: trustJws, fetchedAt: args.now },
      backend: args.backend,
      now: args.now,
      stored,
      api: args.statusDir
        ? {
            statusList: async (listId: string) => {
              // listId comes from the credential (statusListIdFromUri: [a-z0-9-]{1,64}), never a path.
              if (!/^[a-z0-9-]{1,64}$/.test(listId)) throw new WalletError('ERR_STATUS_LIST_INVALID', { detail: 'list-id' })
              const file = join(args.statusDir!, `${listId}.jwt`)
              // A list the directory does not hold: fail closed with its own code.
              if (!existsSync(file)) throw new WalletError('ERR_STATUS_LIST_UNAVAILABLE', { detail: `no ${listId}.jwt in --status` })
              if (statSync(file).size > MAX_STATUS_LIST_FILE_BYTES) throw new WalletError('ERR_TOO_LARGE', { detail: 'status-list-file' })
              return { statusList: readFileSync(file, 'utf8').trim() }
            }
          }
        : source
          ? { statusList: async (id: string) => ({ statusList: await source.statusList(statusListIdFromUri(`/${id}`)) }) }
          : undefined
    })
    if (text instanceof Uint8Array) {
      // A sealed OFD (docs/formats.md): a 原件 (the issuer's seal) or a 加注件 (the platform's seal,
      // with its 加注 and grant id): the seal, every file's digest, the signer, the status.
      const tm = { trust, rootKeys: PINNED_ROOT_KEYS, registry: certRegistry, now: args.now, status }
      const isCopy = readOfd(text).custom.has(COPY_META.grantId)
      const o = isCopy ? await verifyAnnotatedCopy(text, tm) : await verifyOriginal(text, tm)
      const claims: Record<string, string> = {}
      for (const obj of o.pages[0].objects) {
        if (obj.type !== 'text' || !obj.name?.startsWith('field:')) continue
        const name = obj.name.slice('field:'.length)
        if (!o.module.fields.some((f) => f.name === name)) continue
        const shown = displayField(o.module, name, obj.text, { revealed: args.reveal })
        if (shown !== '') claims[name] = shown
      }
      return {
        ok: true,
        code: 'OK',
        kind: o.module.kind,
        issuer: o.metadata.issuerName,
        claims,
        checks: {
          ...o.checks,
          esId: o.seal.esId,
          signedAt: o.seal.signedAt,
          kid: o.seal.kid,
          certId: o.metadata.certId,
          ...('copy' in o ? { grantId: o.copy.grantId, annotation: o.copy.text, organisation: o.copy.orgName, expiresAt: o.expiresAt } : {}),
          backend: 'sm2-pure-js',
          format: 'copy' in o ? 'ofd-copy' : 'ofd',
          trustListVersion: trust.version
        }
      }
    }
    if (text.startsWith(PRESENTATION_PREFIX)) {
      // A 亮证 QR presentation (docs/presentation-format.md).
      const p = await verifyPresentation(text, {
        trust,
        registry: certRegistry,
        backend: args.backend,
        now: args.now,
        status: async ({ listId, idx, issuer }) => status({ uri: statusListUri(listId), idx, issuer }),
        replay: new ReplayCache(),
        nonce: args.nonce
      })
      const claims: Record<string, string> = {}
      const many = p.certs.length > 1
      for (const c of p.certs) {
        const module = certRegistry.require(c.kind)
        for (const [name, value] of Object.entries(c.claims)) {
          const shown = displayField(module, name, value, { revealed: args.reveal })
          if (shown !== '') claims[many ? `${c.kind}.${name}` : name] = shown
        }
      }
      return {
        ok: true,
        code: 'OK',
        kind: p.certs.map((c) => c.kind).join(','),
        issuer: [...new Set(p.certs.map((c) => c.issuer.name))].join(','),
        claims,
        // staleHours: past its 24 h, inside the grace (the app shows 凭证 N 小时未更新).
        checks: { ...p.checks, purpose: p.purpose, presentedAt: p.presentedAt, ...(p.staleHours !== null ? { staleHours: p.staleHours } : {}), backend: args.backend.name, format: 'cw1', trustListVersion: trust.version }
      }
    }
    if (text.startsWith(BEARER_PREFIX)) {
      // A paper credential or a degree share (no device proof: a bearer credential; see the docs).
      const b = await verifyBearerCredential(text, {
        trust,
        registry: certRegistry,
        backend: args.backend,
        now: args.now,
        status: async ({ listId, idx, issuer }) => status({ uri: statusListUri(listId), idx, issuer })
      })
      const module = certRegistry.require(b.kind)
      const claims: Record<string, string> = {}
      for (const [name, value] of Object.entries(b.claims)) {
        const shown = displayField(module, name, value, { revealed: args.reveal })
        if (shown !== '') claims[name] = shown
      }
      return {
        ok: true,
        code: 'OK',
        kind: b.kind,
        issuer: b.issuer.name,
        claims,
        checks: { ...b.checks, use: b.use, ref: b.ref, expiresAt: b.expiresAt, backend: args.backend.name, format: 'cwp1', trustListVersion: trust.version }
      }
    }
    // A device-bound credential (`cnf`) needs its key binding unless --no-kb opts out explicitly;
    // with no key binding and no opt-out, verifySdJwt refuses one with ERR_KB_MISSING.
    const hasKb = !text.endsWith('~')
    const v = await verifyCredential(text, {
      registry: certRegistry,
      trust,
      backend: args.backend,
      now: args.now,
      status,
      keyBinding: args.noKeyBinding ? 'not-required' : hasKb ? { aud: args.aud, nonce: args.nonce, maxAgeSeconds: 300 } : undefined
    })
    const claims: Record<string, string> = {}
    for (const name of v.disclosed) {
      if (!v.module.fields.some((f) => f.name === name)) continue
      const shown = displayField(v.module, name, v.claims[name], { revealed: args.reveal })
      if (shown !== '') claims[name] = shown
    }
    return {
      ok: true,
      code: 'OK',
      kind: v.kind,
      issuer: v.issuer.name,
      claims,
      checks: { ...v.checks, ...(args.noKeyBinding ? { keyBinding: 'not-required' } : {}), backend: args.backend.name, kid: v.kid, certId: v.certId, trustListVersion: trust.version }
    }
  } catch (e) {
    if (e instanceof UsageError) throw e
    const err = toWalletError(e)
    return { ok: false, code: err.code, kind: null, issuer: null, claims: {}, checks: { backend: args.backend.name, detail: err.detail ?? null } }
  }
}

async function main() {
  let args: VerifyArgs
  try {
    args = parseArgs(process.argv.slice(2))
    const out = await runVerify(args)
    process.stdout.write(JSON.stringify(out) + '\n')
    process.exit(out.ok ? 0 : 1)
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) process.stderr.write(`错误: ${e.message}\n`)
      process.stderr.write(USAGE + '\n')
      process.exit(2)
    }
    throw e
  }
}

if (require.main === module) void main()
