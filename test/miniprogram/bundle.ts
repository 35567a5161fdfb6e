/**
 * Bundles source for a bare VM: esbuild (platform neutral, CommonJS, ES2020, `module` before
 * `main`), then runs it in a `vm` context that has only ECMAScript built-ins (+ what you pass):
 * no `crypto`, `TextEncoder`/`TextDecoder`, `atob`/`btoa`, `fetch`, `Buffer`, `process`, `URL`.
 * That is what code meant for the WeChat/Alipay runtimes may rely on.
 *
 * Per-platform files are picked the way Taro does: with `platform: 'weapp'`, `x.weapp.ts` wins
 * over `x.ts`. `process.env.TARO_ENV`, `NODE_ENV` and the `TARO_APP_*` values of
 * `.env.production` are inlined, as Taro's build does; any other `process` use stays a reference
 * to a missing global and fails when it runs.
 */
import fs from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
import { build } from 'esbuild'

export interface BareVmBundleOptions {
  /** Which per-platform files win (`x.<platform>.ts`). Default 'weapp'. */
  platform?: 'weapp' | 'alipay'
  /** Extra `define`s (values are JS source, e.g. '"x"'). */
  define?: Record<string, string>
  /** Minify (closer to the shipped size). Default false (readable stacks). */
  minify?: boolean
}

export interface BareVmBundle {
  /** The CommonJS bundle source. */
  code: string
  bytes: number
  /** Input files esbuild used (relative to the repo), for size hunting. */
  inputs: string[]
  /** Runs the bundle in a fresh bare context; returns its exports and the context. */
  load<T = Record<string, any>>(globals?: Record<string, unknown>): { exports: T; context: vm.Context }
}

const REPO_ROOT = path.resolve(__dirname, '..', '..')

function taroAppEnv(): Record<string, string> {
  const file = path.join(REPO_ROOT, '.env.production')
  const out: Record<string, string> = {}
  if (!fs.existsSync(file)) return out
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*(TARO_APP_[A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line)
    if (m) out[`process.env.${m[1]}`] = JSON.stringify(m[2].replace(/^["']|["']$/g, ''))
  }
  return out
}

/**
 * Bundles one entry file, or several (their exports merged, as `export * from` each), for a bare VM.
 */
export async function bundleForBareVm(entry: string | string[], options: BareVmBundleOptions = {}): Promise<BareVmBundle> {
  const platform = options.platform ?? 'weapp'
  const entries = (Array.isArray(entry) ? entry : [entry]).map((e) => path.resolve(REPO_ROOT, e))
  const exts = ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json']
  const result = await build({
    stdin: {
      contents: entries.map((e) => `export * from ${JSON.stringify(e)}`).join('\n'),
      resolveDir: REPO_ROOT,
      sourcefile: 'bare-vm-entry.ts',
      loader: 'ts'
    },
    bundle: true,
    write: false,
    metafile: true,
    platform: 'neutral',
    format: 'cjs',
    target: 'es2020',
    mainFields: ['module', 'main'],
    resolveExtensions: [...exts.map((x) => `.${platform}${x}`), ...exts],
    tsconfig: path.join(REPO_ROOT, 'tsconfig.json'),
    minify: options.minify ?? false,
    logLevel: 'silent',
    define: {
      'process.env.TARO_ENV': JSON.stringify(platform),
      'process.env.NODE_ENV': '"production"',
      ...taroAppEnv(),
      ...(options.define ?? {})
    }
  })
  const code = result.outputFiles[0].text
  const inputs = Object.keys(result.metafile.inputs)
  return {
    code,
    bytes: Buffer.byteLength(code),
    inputs,
    load<T>(globals: Record<string, unknown> = {}) {
      const context = vm.createContext({ ...globals })
      const fn = new vm.Script(`(function (module, exports) {${code}\n})`, { filename: 'bare-vm-bundle.js' }).runInContext(context) as (m: unknown, e: unknown) => void
      const module = { exports: {} as T }
      fn(module, module.exports)
      return { exports: module.exports, context }
    }
  }
}
