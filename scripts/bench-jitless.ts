/**
 * The jitless table for `npm run bench` (or `npm run bench -- jitless`): iOS runs mini-program
 * logic in JavaScriptCore without JIT, so each holder measure runs twice in a child process
 * (scripts/bench-holder.ts), once with JIT and once under `node --jitless`, against one simulator
 * served over HTTP by this process (with JIT: it stands for the government's server, not the phone).
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { startMockServer } from '../mock/server'
import type { HolderMeasures } from './bench-holder'

/** The goals of issue #12 §3 under --jitless (ms). */
export const JITLESS_GOALS: { key: keyof HolderMeasures; label: string; goalMs: number | null }[] = [
  { key: 'unlockMs', label: 'unlock (PIN → vault open, 7 credentials)', goalMs: 1000 },
  { key: 'unlockToQrMs', label: 'unlock → first 亮证 QR drawn (traffic-stop)', goalMs: 1500 },
  { key: 'verifyCw1Ms', label: 'verify one CW1 (roadside, keys cached)', goalMs: 30 },
  { key: 'verifyCw1ColdMs', label: 'verify one CW1, first check of a fresh verifier', goalMs: null },
  { key: 'claimSevenMs', label: 'claim and verify all 7 certificates (over HTTP)', goalMs: 3000 },
  { key: 'kdfMs', label: 'PIN KDF alone, record v2 (PBKDF2 + square chain)', goalMs: null },
  { key: 'kdfV1Ms', label: 'PIN KDF alone, record v1 (PBKDF2 × 50,000: before)', goalMs: null }
]

function runChild(baseUrl: string, jitless: boolean, reps: number): Promise<HolderMeasures> {
  const args = [...(jitless ? ['--jitless'] : []), '--require', path.join(__dirname, 'benchTaroAlias.cjs'), '--import', 'tsx', path.join(__dirname, 'bench-holder.ts'), baseUrl, String(reps)]
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: path.join(__dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? ''
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as HolderMeasures)
      else reject(new Error(`bench-holder (${jitless ? 'jitless' : 'jit'}) exited ${code}: ${err.replace(/.*disabling flag --expose_wasm.*\n?/g, '').slice(-2000)}`))
    })
  })
}

export interface JitlessBench {
  jit: HolderMeasures
  jitless: HolderMeasures
}

export async function benchJitless(reps = 5): Promise<JitlessBench> {
  const server = await startMockServer({ port: 0 })
  try {
    const jit = await runChild(server.url, false, reps)
    const jitless = await runChild(server.url, true, reps)
    return { jit, jitless }
  } finally {
    await server.close()
  }
}

const f = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1))

export function formatJitless(b: JitlessBench): string[] {
  return [
    '## Without JIT (mini-program backend)',
    '',
    'iOS runs mini-program logic in JavaScriptCore without JIT. Each measure runs in a child process with JIT and under `node --jitless`, ' +
      `on the noble backend with the app's PIN cost (record v2: PBKDF2 × ${b.jit.cost.iterations.toLocaleString('en')} + ${b.jit.cost.squarings.toLocaleString('en')} squarings), the real wallet and presentation stores, ` +
      'and the simulator answering over HTTP from another process (with JIT, as the government service would). Median of 5 unless said (the CW1 check: of 15).',
    '',
    '| measure | JIT (ms) | --jitless (ms) | jitless / JIT | goal under --jitless | met |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...JITLESS_GOALS.map(({ key, label, goalMs }) => {
      const a = b.jit[key] as number
      const z = b.jitless[key] as number
      return `| ${label} | ${f(a)} | ${f(z)} | ${(z / a).toFixed(1)}× | ${goalMs === null ? '' : '≤ ' + goalMs.toLocaleString('en')} | ${goalMs === null ? '' : z <= goalMs ? 'yes' : '**no**'} |`
    }),
    ''
  ]
}

if (require.main === module) {
  benchJitless().then((b) => console.log(formatJitless(b).join('\n')))
}
