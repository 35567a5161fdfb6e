/**
 * The verifier entry point (src/verifier) as a relying party uses it: `npm run build:verifier`
 * bundles it for plain Node (no tsx, no Taro), and `node` imports it through the package's
 * `exports` (certwallet/verifier) and verifies the simulator's trust list, and refuses a tampered one.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createSimulator } from '../../../mock/simulator'

const ROOT = join(__dirname, '../../..')
jest.setTimeout(60_000)

it('builds to dist/verifier/index.mjs with no Taro or React inside, and plain node imports it as certwallet/verifier', async () => {
  execFileSync('npm', ['run', '-s', 'build:verifier'], { cwd: ROOT, stdio: 'pipe' })
  const out = join(ROOT, 'dist/verifier/index.mjs')
  expect(existsSync(out)).toBe(true)
  const code = readFileSync(out, 'utf8')
  expect(code).not.toMatch(/@tarojs|from "react"/)
  const jws = await createSimulator().trustList()
  const script = `
    import { verifyTrustList, PINNED_ROOT_KEYS, joseBackend, isWalletError } from 'certwallet/verifier'
    const [jws, now] = [process.argv[1], Number(process.argv[2])]
    const list = await verifyTrustList(jws, PINNED_ROOT_KEYS, joseBackend, now)
    let bad = 'accepted'
    try { await verifyTrustList(jws.slice(0, -4) + (jws.endsWith('AAAA') ? 'BBBB' : 'AAAA'), PINNED_ROOT_KEYS, joseBackend, now) } catch (e) { bad = isWalletError(e) ? e.code : 'other' }
    console.log(JSON.stringify({ issuers: list.issuers.length, bad }))`
  const printed = execFileSync(process.execPath, ['--input-type=module', '-e', script, jws, String(Math.floor(Date.now() / 1000))], { cwd: ROOT, encoding: 'utf8' })
  const r = JSON.parse(printed.trim())
  expect(r.issuers).toBeGreaterThan(3)
  expect(r.bad).toBe('ERR_TRUST_LIST_SIGNATURE')
})
