// `npm test`: the whole suite — type check, the three builds, jest (unit, component, integration,
// mini-program boot), then the browser tests in Debian Chromium. Installs Chromium where missing.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, mkdirSync, rmSync } from 'node:fs'

const t0 = Date.now()
const results = []
/**
 * Runs one step. A failing build or type check stops the run (nothing after it can mean anything);
 * a failing test step (`keepGoing`) is recorded and the run goes on, so jest and the browser tests
 * both report, and the exit code is still non-zero at the end.
 */
function step(name, cmd, args, env = {}, { keepGoing = false } = {}) {
  const started = Date.now()
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`)
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  const ok = r.status === 0
  results.push({ name, ok, seconds: ((Date.now() - started) / 1000).toFixed(1) })
  if (!ok && !keepGoing) {
    summary()
    process.exit(r.status || 1)
  }
}
function summary() {
  console.log('\nstep                          result  seconds')
  for (const r of results) console.log(`${r.name.padEnd(30)}${(r.ok ? 'ok' : 'FAILED').padEnd(8)}${r.seconds}`)
  let passed = 0
  let failed = 0
  for (const f of ['test-output/jest-unit.json', 'test-output/jest-browser.json']) {
    if (!existsSync(f)) continue
    const j = JSON.parse(readFileSync(f, 'utf8'))
    passed += j.numPassedTests
    failed += j.numFailedTests + j.numRuntimeErrorTestSuites
  }
  console.log(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`)
  console.log(`${passed} passed, ${failed} failed`)
}

mkdirSync('test-output', { recursive: true })
// Counts come from this run's reports only.
for (const f of ['test-output/jest-unit.json', 'test-output/jest-browser.json']) rmSync(f, { force: true })
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (!existsSync(chromium)) {
  console.log('Chromium is missing: installing Debian chromium and fonts-noto-cjk (needs root).')
  step('apt-get update', 'apt-get', ['update', '-qq'])
  step('install chromium', 'apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], { DEBIAN_FRONTEND: 'noninteractive' })
}

step('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'])
step('build weapp', 'npx', ['taro', 'build', '--type', 'weapp'], { TARO_ENV: 'weapp' })
step('build alipay', 'npx', ['taro', 'build', '--type', 'alipay'], { TARO_ENV: 'alipay' })
step('build alipay (endpoint)', 'npx', ['taro', 'build', '--type', 'alipay'], { TARO_ENV: 'alipay', CERTWALLET_DIST_ROOT: 'dist/endpoint', TARO_APP_API_BASE_URL: 'https://zwfw.example.gov.cn' })
step('build h5', 'npx', ['taro', 'build', '--type', 'h5'], { TARO_ENV: 'h5' })
step('jest', 'npx', ['jest', '--json', '--outputFile=test-output/jest-unit.json'], {}, { keepGoing: true })
step('browser tests', 'npx', ['jest', '-c', 'jest.browser.config.js', '--json', '--outputFile=test-output/jest-browser.json'], {}, { keepGoing: true })
summary()
if (results.some((r) => !r.ok)) process.exit(1)
