import { base64urlDecode, base64urlEncode, utf8Decode, utf8Encode } from '../../../../src/services/encoding'

describe('base64url', () => {
  it('round-trips every length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255)
      const text = base64urlEncode(bytes)
      expect(text).toBe(Buffer.from(bytes).toString('base64url'))
      expect(Array.from(base64urlDecode(text))).toEqual(Array.from(bytes))
    }
  })

  it.each([
    ['padding', 'AA=='],
    ['standard alphabet', 'ab+/'],
    ['whitespace', 'ab cd'],
    ['length 1 mod 4', 'abcde'],
    ['non-zero trailing bits', 'AB'],
    ['non-ASCII', '证照']
  ])('rejects %s with ERR_BASE64', (_name, input) => {
    expect(() => base64urlDecode(input)).toThrow(expect.objectContaining({ code: 'ERR_BASE64' }))
  })
})

describe('utf8', () => {
  it('matches Node for Chinese, emoji and ASCII', () => {
    const text = '居民身份证 ABC 𠀀 😀'
    expect(Buffer.from(utf8Encode(text))).toEqual(Buffer.from(text, 'utf8'))
    expect(utf8Decode(Buffer.from(text, 'utf8'))).toBe(text)
  })

  it('rejects truncated and overlong sequences with ERR_MALFORMED', () => {
    const truncated = Buffer.from('证', 'utf8').subarray(0, 2)
    expect(() => utf8Decode(truncated)).toThrow(expect.objectContaining({ code: 'ERR_MALFORMED' }))
    expect(() => utf8Decode(Uint8Array.from([0xc0, 0xaf]))).toThrow(expect.objectContaining({ code: 'ERR_MALFORMED' }))
  })
})
