/**
 * `npm run holder -- present …` → `npm run verify -- <text>`, as two real processes (separate
 * simulators from the same seed), exactly as the README shows.
 */
import { spawnSync } from 'node:child_process'
import { parseHolderArgs, presentAsHolder } from '../../../scripts/holder'
import { parseArgs, runVerify } from '../../../scripts/verify'

const run = (script: string, args: string[]) => spawnSync('npx', ['tsx', script, ...args], { encoding: 'utf8', env: { ...process.env, API_BASE_URL: '' } })

describe('npm run holder → npm run verify', () => {
  it('a traffic-stop presentation passes verification in another process', () => {
    const holder = run('scripts/holder.ts', ['present', '--kind', 'driving-licence', '--purpose', 'traffic-stop'])
    expect(holder.status).toBe(0)
    const text = holder.stdout.trim().split('\n').pop()!
    expect(text.startsWith('CW1:')).toBe(true)
    const verify = run('scripts/verify.ts', [text, '--backend', 'noble'])
    expect(verify.status).toBe(0)
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, kind: 'driving-licence,vehicle-licence', issuer: '公安部交通管理局', checks: { purpose: 'traffic-stop' } })
  }, 60000)

  it.each([
    ['p-zhang', 'id-card', 'hotel'],
    ['p-zhang', 'id-card', 'age-over-18'],
    ['p-li', 'medical-insurance', 'pharmacy'],
    ['p-chen', 'degree', 'degree']
  ] as const)('%s %s %s in-process, with a nonce', async (person, kind, purpose) => {
    const now = new Date()
    const text = await presentAsHolder(parseHolderArgs(['present', '--person', person, '--kind', kind, '--purpose', purpose, '--nonce', 'N-42']), now)
    const ok = await runVerify(parseArgs([text, '--nonce', 'N-42']))
    expect(ok).toMatchObject({ ok: true, checks: { purpose, nonce: true } })
    const wrong = await runVerify(parseArgs([text, '--nonce', 'N-43']))
    expect(wrong).toMatchObject({ ok: false, code: 'ERR_KB_NONCE_MISMATCH' })
  })

  it('usage errors exit 2; a revoked licence exits 1 with its code', () => {
    expect(run('scripts/holder.ts', ['present', '--kind', 'id-card', '--purpose', 'traffic-stop']).status).toBe(2)
    expect(run('scripts/holder.ts', ['show']).status).toBe(2)
    const revoked = run('scripts/holder.ts', ['present', '--person', 'p-wang', '--kind', 'driving-licence', '--purpose', 'traffic-stop'])
    expect(revoked.status).toBe(1)
    expect(revoked.stderr).toContain('ERR_CERT_REVOKED')
  }, 60000)
})
