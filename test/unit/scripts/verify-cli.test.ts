/**
 * The command-line verifier: in-process for every path, and once as a real process to check the
 * JSON line and the exit codes (0 valid, 1 invalid, 2 usage).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSimulator } from '../../../mock/simulator'
import { keyPairFromSecret } from '../../../src/services/crypto'
import { joseBackend } from '../../../src/services/crypto/jose.node'
import { parseArgs, runVerify, UsageError } from '../../../scripts/verify'
import { grantFor } from '../../support/fileGrant'

const NOW = '2026-11-27T12:00:00+08:00'
const nowMs = Date.parse(NOW)
const device = keyPairFromSecret(new Uint8Array(32).fill(5))

async function issue(name: string, idNumber: string, kind: string, opts: { revoke?: boolean } = {}) {
  const sim = createSimulator({ now: () => new Date(nowMs - 3600_000) })
  const { holderId } = sim.internals.tokenForTests(name, idNumber)
  const cert = sim.listCertificates(holderId).find((c) => c.kind === kind)!
  const issued = await sim.issueCredential(holderId, cert.certId, device.publicJwk, '测试')
  if (opts.revoke) sim.revoke(cert.certId)
  return { credential: issued.credential, sim }
}

describe('npm run verify -- @原件.ofd', () => {
  it('verifies a sealed OFD 原件 from the simulator: the same JSON line, masked by default; a changed page or a revoked certificate fails with its code', async () => {
    const sim = createSimulator({ now: () => new Date(nowMs - 3600_000) })
    const { holderId } = sim.internals.tokenForTests('张明华', '44010619900315001X')
    const cert = sim.listCertificates(holderId).find((c) => c.kind === 'id-card')!
    const bytes = Buffer.from(sim.issueOriginal(holderId, cert.certId).ofd, 'base64url')
    const dir = mkdtempSync(join(tmpdir(), 'verify-ofd-'))
    writeFileSync(join(dir, 'id.ofd'), bytes)
    const out = await runVerify(parseArgs(['@' + join(dir, 'id.ofd'), '--now', NOW]))
    expect(out).toMatchObject({ ok: true, code: 'OK', kind: 'id-card', issuer: '广东省公安厅', checks: { format: 'ofd', certId: cert.certId, status: 'valid', digests: 5 } })
    expect(out.claims.name).toBe('张明华')
    expect(out.claims.id_number).toBe('440106********001X')
    expect((await runVerify(parseArgs(['@' + join(dir, 'id.ofd'), '--now', NOW, '--reveal']))).claims.id_number).toBe('44010619900315001X')
    // The same file after its revocation, with the issuer's fresh status list as offline material.
    sim.revoke(cert.certId)
    writeFileSync(join(dir, 'trust.jws'), await sim.trustList())
    mkdirSync(join(dir, 'status'))
    writeFileSync(join(dir, 'status', 'gd-gat.jwt'), await sim.statusList('gd-gat'))
    expect(await runVerify(parseArgs(['@' + join(dir, 'id.ofd'), '--now', NOW, '--trust', join(dir, 'trust.jws'), '--status', join(dir, 'status')]))).toMatchObject({ ok: false, code: 'ERR_CERT_REVOKED' })
    // One byte of the package changed: refused with a code, never a crash.
    const flipped = Buffer.from(bytes)
    flipped[Math.floor(flipped.length / 3)] ^= 0x20
    writeFileSync(join(dir, 'bad.ofd'), flipped)
    const bad = await runVerify(parseArgs(['@' + join(dir, 'bad.ofd'), '--now', NOW]))
    expect(bad.ok).toBe(false)
    expect(bad.code).toMatch(/^ERR_(MALFORMED|OFD_DIGEST_MISMATCH|SIGNATURE_INVALID)$/)
  })
})

describe('npm run verify -- @加注件.ofd', () => {
  it('verifies the OFD 加注件 a hotel fetched under a grant: format ofd-copy with the grant, the 加注 and the released fields; past its end refused', async () => {
    const sim = createSimulator({ now: () => new Date(nowMs - 3600_000) })
    const phone = keyPairFromSecret(new Uint8Array(32).fill(9))
    const { holderId } = sim.internals.tokenForTests('张明华', '44010619900315001X', phone.publicJwk)
    const certId = sim.listCertificates(holderId).find((c) => c.kind === 'id-card')!.certId
    const iat = Math.floor(nowMs / 1000) - 3600
    const grant = await sim.createFileGrant(holderId, await grantFor(phone.privateJwk, { sub: holderId, cid: certId, org: '91440106MA5CXK3L2H', pur: 'hotel' }, iat))
    const r = await sim.retrieveFile({ id: '91440106MA5CXK3L2H', name: '广州天河花园酒店有限公司', role: 'hotel', purposes: ['hotel'] }, grant.grantId)
    const dir = mkdtempSync(join(tmpdir(), 'verify-copy-'))
    writeFileSync(join(dir, 'copy.ofd'), Buffer.from(r.ofd!, 'base64url'))
    const out = await runVerify(parseArgs(['@' + join(dir, 'copy.ofd'), '--now', NOW]))
    expect(out).toMatchObject({ ok: true, kind: 'id-card', issuer: '广东省公安厅', checks: { format: 'ofd-copy', grantId: grant.grantId, annotation: r.watermark, organisation: '广州天河花园酒店有限公司', signer: 'platform' } })
    expect(Object.keys(out.claims).sort()).toEqual(['address', 'ethnicity', 'id_number', 'name'])
    expect(await runVerify(parseArgs(['@' + join(dir, 'copy.ofd'), '--now', '2026-12-31T00:00:00+08:00']))).toMatchObject({ ok: false, code: 'ERR_GRANT_EXPIRED' })
  })
})

describe('npm run verify', () => {
  it.each(['jose', 'noble'])('verifies a simulator credential offline-capable, masked by default (%s)', async (backend) => {
    const { credential } = await issue('张明华', '44010619900315001X', 'id-card')
    const out = await runVerify(parseArgs([credential, '--backend', backend, '--now', NOW, '--no-kb']))
    expect(out).toMatchObject({ ok: true, code: 'OK', kind: 'id-card', issuer: '广东省公安厅', checks: { keyBinding: 'not-required' } })
    expect(out.claims.name).toBe('张明华')
    expect(out.claims.id_number).toBe('440106********001X')
    expect(out.claims.portrait_hash).toBeUndefined()
    const revealed = await runVerify(parseArgs([credential, '--backend', backend, '--now', NOW, '--reveal', '--no-kb']))
    expect(revealed.claims.id_number).toBe('44010619900315001X')
  })

  it('reads @file and works from offline material (--trust, --status)', async () => {
    const { credential, sim } = await issue('陈静', '110105199304120049', 'degree', { revoke: true })
    const dir = mkdtempSync(join(tmpdir(), 'verify-'))
    writeFileSync(join(dir, 'p.txt'), credential + '\n')
    writeFileSync(join(dir, 'trust.jws'), await sim.trustList())
    mkdirSync(join(dir, 'status'))
    writeFileSync(join(dir, 'status', 'chesicc.jwt'), await sim.statusList('chesicc'))
    const out = await runVerify(parseArgs(['@' + join(dir, 'p.txt'), '--now', NOW, '--trust', join(dir, 'trust.jws'), '--status', join(dir, 'status'), '--no-kb']))
    expect(out).toMatchObject({ ok: false, code: 'ERR_CERT_REVOKED' })
  })

  it('refuses an expired credential at the frozen time and a tampered one', async () => {
    const { credential } = await issue('刘洋', '440305198801160052', 'driving-licence')
    expect(await runVerify(parseArgs([credential, '--now', NOW, '--no-kb']))).toMatchObject({ ok: false, code: 'ERR_CERT_EXPIRED' })
    const { credential: ok } = await issue('张明华', '44010619900315001X', 'vehicle-licence')
    const [jwt, ...rest] = ok.split('~')
    const [h, p, sig] = jwt.split('.')
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'))
    payload.exp += 365 * 86400 // a forged longer validity
    const tampered = [[h, Buffer.from(JSON.stringify(payload)).toString('base64url'), sig].join('.'), ...rest].join('~')
    const out = await runVerify(parseArgs([tampered, '--now', NOW, '--no-kb']))
    expect(out.ok).toBe(false)
    expect(out.code).toBe('ERR_SIGNATURE_INVALID')
  })

  it('reads the QR code in @image.png (an SD-JWT with only the hotel fields)', async () => {
    const QRCode = (await import('qrcode')).default
    const { selectDisclosures } = await import('../../../src/services/sdjwt/issue')
    const { disclosureClaimName } = await import('../../../src/services/sdjwt/verify')
    const { credential } = await issue('张明华', '44010619900315001X', 'id-card')
    const hotel = selectDisclosures(credential, ['name', 'id_number'], disclosureClaimName)
    const dir = mkdtempSync(join(tmpdir(), 'verify-png-'))
    const png = join(dir, 'qr.png')
    await QRCode.toFile(png, hotel, { errorCorrectionLevel: 'L', scale: 4, margin: 4 })
    const out = await runVerify(parseArgs(['@' + png, '--now', NOW, '--no-kb']))
    expect(out).toMatchObject({ ok: true, kind: 'id-card' })
    expect(Object.keys(out.claims).sort()).toEqual(['id_number', 'name'])
  })

  it.each(['jose', 'noble'])('ERR_KB_MISSING: a device-bound credential without its key binding, unless --no-kb opts out; with one it passes (%s)', async (backend) => {
    const { credential } = await issue('张明华', '44010619900315001X', 'id-card')
    expect(await runVerify(parseArgs([credential, '--backend', backend, '--now', NOW]))).toMatchObject({ ok: false, code: 'ERR_KB_MISSING' })
    expect(await runVerify(parseArgs([credential, '--backend', backend, '--now', NOW, '--no-kb']))).toMatchObject({ ok: true })
    const { addKeyBinding } = await import('../../../src/services/sdjwt/issue')
    const be = backend === 'jose' ? joseBackend : (await import('../../../src/services/crypto')).nobleBackend
    const presented = await addKeyBinding(credential, device.privateJwk, { aud: 'verifier:cli', nonce: 'n-1', iat: Math.floor(nowMs / 1000) - 5 }, be)
    expect(await runVerify(parseArgs([presented, '--backend', backend, '--now', NOW, '--aud', 'verifier:cli', '--nonce', 'n-1']))).toMatchObject({ ok: true, checks: { keyBinding: true } })
  })

  it('usage errors are UsageError', () => {
    expect(() => parseArgs([])).toThrow(UsageError)
    expect(() => parseArgs(['x', '--backend', 'rsa'])).toThrow(UsageError)
    expect(() => parseArgs(['x', '--now', 'yesterday'])).toThrow(UsageError)
  })

  it('as a process: one JSON line, exit 0 / 1 / 2', async () => {
    const { credential } = await issue('张明华', '44010619900315001X', 'social-security')
    const run = (args: string[]) => spawnSync('npx', ['tsx', 'scripts/verify.ts', ...args], { encoding: 'utf8', env: { ...process.env, API_BASE_URL: '' } })
    const good = run([credential, '--now', NOW, '--no-kb'])
    expect(good.status).toBe(0)
    expect(JSON.parse(good.stdout.trim().split('\n').pop()!)).toMatchObject({ ok: true, kind: 'social-security' })
    const bad = run(['not-a-credential~', '--now', NOW])
    expect(bad.status).toBe(1)
    expect(JSON.parse(bad.stdout.trim())).toMatchObject({ ok: false, code: 'ERR_MALFORMED' })
    expect(run(['--backend']).status).toBe(2)
  }, 60000)
})
void joseBackend

describe('npm run verify: CWP1 bearer credentials', () => {
  it.each(['jose', 'noble'])('a paper credential: ok with the masked number; revoked by the holder (offline material): ERR_CERT_REVOKED (%s)', async (backend) => {
    const sim = createSimulator({ now: () => new Date(nowMs - 3600_000) })
    const { holderId } = sim.internals.tokenForTests('张明华', '44010619900315001X')
    const cert = sim.listCertificates(holderId).find((c) => c.kind === 'id-card')!
    const paper = await sim.issuePaperCredential(holderId, cert.certId)
    const out = await runVerify(parseArgs([paper.credential, '--backend', backend, '--now', NOW]))
    expect(out).toMatchObject({ ok: true, code: 'OK', kind: 'id-card', claims: { name: '张明华', id_number: '440106********001X' }, checks: { format: 'cwp1', use: 'paper', ref: paper.paperId } })

    sim.revokePaperCredential(holderId, paper.paperId)
    const dir = mkdtempSync(join(tmpdir(), 'cwp1-'))
    mkdirSync(join(dir, 'status'))
    writeFileSync(join(dir, 'trust.jws'), await sim.trustList())
    writeFileSync(join(dir, 'status', 'gd-gat.jwt'), await sim.statusList('gd-gat'))
    const red = await runVerify(parseArgs([paper.credential, '--backend', backend, '--now', NOW, '--trust', join(dir, 'trust.jws'), '--status', join(dir, 'status')]))
    expect(red).toMatchObject({ ok: false, code: 'ERR_CERT_REVOKED', checks: { detail: 'bearer-revoked' } })
  })
})
