/**
 * #11 item 10 at the command line: a list missing from `--status`, oversized and mislabelled
 * images, and oversized files each end in a coded error (fail closed), never ERR_UNKNOWN, and
 * images are judged by their header before anything is decoded.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import { createSimulator } from '../../../mock/simulator'
import { decodeQrFromImageFile } from '../../../scripts/qrImage'
import { parseArgs, runVerify } from '../../../scripts/verify'
import { keyPairFromSecret } from '../../../src/services/crypto'
import { isWalletError, type WalletError } from '../../../src/services/errors'
import { readImageHeader } from '../../../src/services/platform/imageHeader'

const NOW = '2026-11-27T12:00:00+08:00'
const dir = mkdtempSync(join(tmpdir(), 'hostile-'))

function crc32(bytes: Buffer): number {
  let c = ~0
  for (const b of bytes) {
    c ^= b
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1
  }
  return ~c >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

/** A valid PNG header claiming width × height, with a tiny (truncated) compressed body. */
function pngClaiming(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1024))), chunk('IEND', Buffer.alloc(0))])
}

/** A JPEG's first segments: SOI, APP0 (JFIF), SOF0 with the size. */
function jpegHeader(width: number, height: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00])
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 255, width >> 8, width & 255, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1])
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.alloc(64)])
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    expect(isWalletError(e)).toBe(true)
    return `${(e as WalletError).code}:${(e as WalletError).detail ?? ''}`
  }
  return 'ACCEPTED'
}

describe('images are judged by their header, before decoding', () => {
  it('refuses an 8000×8000 PNG as ERR_TOO_LARGE without decoding it', async () => {
    const file = join(dir, 'huge.png')
    writeFileSync(file, pngClaiming(8000, 8000))
    const before = process.memoryUsage().rss
    expect(await codeOf(decodeQrFromImageFile(file))).toBe('ERR_TOO_LARGE:image 8000x8000')
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024)
  })

  it('refuses a JPEG named .png and a .jpg by its magic bytes (this CLI decodes PNG only)', async () => {
    writeFileSync(join(dir, 'photo.png'), jpegHeader(640, 480))
    writeFileSync(join(dir, 'photo.jpg'), jpegHeader(640, 480))
    expect(readImageHeader(jpegHeader(640, 480))).toEqual({ format: 'jpeg', width: 640, height: 480 })
    expect(await codeOf(decodeQrFromImageFile(join(dir, 'photo.png')))).toBe('ERR_MALFORMED:image-format-jpeg')
    expect(await codeOf(decodeQrFromImageFile(join(dir, 'photo.jpg')))).toBe('ERR_MALFORMED:image-format-jpeg')
    writeFileSync(join(dir, 'huge.jpg'), jpegHeader(9000, 9000))
    expect(await codeOf(decodeQrFromImageFile(join(dir, 'huge.jpg')))).toBe('ERR_TOO_LARGE:image 9000x9000')
  })

  it('refuses text named .png, a zero-sized and a broken PNG with ERR_MALFORMED', async () => {
    writeFileSync(join(dir, 'text.png'), 'CW1:not an image')
    expect(await codeOf(decodeQrFromImageFile(join(dir, 'text.png')))).toBe('ERR_MALFORMED:image-format')
    writeFileSync(join(dir, 'zero.png'), pngClaiming(0, 10))
    expect(await codeOf(decodeQrFromImageFile(join(dir, 'zero.png')))).toBe('ERR_MALFORMED:image-size')
    writeFileSync(join(dir, 'broken.png'), pngClaiming(64, 64).subarray(0, 40))
    expect((await codeOf(decodeQrFromImageFile(join(dir, 'broken.png')))).startsWith('ERR_MALFORMED')).toBe(true)
  })

  it('answers through npm run verify with the code, not ERR_UNKNOWN', async () => {
    expect(await runVerify(parseArgs(['@' + join(dir, 'huge.png'), '--now', NOW]))).toMatchObject({ ok: false, code: 'ERR_TOO_LARGE' })
    expect(await runVerify(parseArgs(['@' + join(dir, 'photo.jpg'), '--now', NOW]))).toMatchObject({ ok: false, code: 'ERR_MALFORMED' })
  })
})

describe('--status', () => {
  it('a list the directory does not hold is ERR_STATUS_LIST_UNAVAILABLE (fail closed), not ERR_UNKNOWN', async () => {
    const sim = createSimulator({ now: () => new Date(Date.parse(NOW) - 3600_000) })
    const { holderId } = sim.internals.tokenForTests('陈静', '110105199304120049')
    const cert = sim.listCertificates(holderId).find((c) => c.kind === 'degree')!
    const { credential } = await sim.issueCredential(holderId, cert.certId, keyPairFromSecret(new Uint8Array(32).fill(5)).publicJwk, '测试')
    writeFileSync(join(dir, 'trust.jws'), await sim.trustList())
    mkdirSync(join(dir, 'empty-status'))
    const out = await runVerify(parseArgs([credential, '--now', NOW, '--trust', join(dir, 'trust.jws'), '--status', join(dir, 'empty-status'), '--no-kb']))
    expect(out).toMatchObject({ ok: false, code: 'ERR_STATUS_LIST_UNAVAILABLE' })
  })
})
