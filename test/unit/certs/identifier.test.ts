import {
  CERT_ID_PREFIX,
  generateCertId,
  kindForCertId,
  nextVersion,
  parseCertId,
  usccCheckChar,
  validateCertId,
  validateUscc
} from '../../../src/certs/identifier'
import { mod3736CheckChar, mod3736IsValid } from '../../../src/certs/lib/iso7064'
import { isUsccShape } from '../../../src/certs/uscc'
import { certModules, certRegistry } from '../../../src/certs/registry'

/** Placeholder issuer codes (valid GB 32100 check characters) for 北京/上海/广东 public security. */
const BEIJING_PSB = '11110000000021012L'
const SHANGHAI_PSB = '11310000000021020W'
const GUANGDONG_HRSS = '11440000000021039W'

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'

function expectCode(fn: () => unknown, code: string, detail?: string) {
  expect(fn).toThrow(expect.objectContaining(detail === undefined ? { code } : { code, detail }))
}

describe('USCC (GB 32100-2015)', () => {
  it.each([
    ['11100000000013338', 'W'],
    ['11220000013544541', 'J'],
    ['11370800MB2855918', '4'],
    ['11330105002500287', 'C'],
    ['91440300L83341734', 'R']
  ])('check character of %s is %s', (first17, check) => {
    expect(usccCheckChar(first17)).toBe(check)
    expect(validateUscc(first17 + check)).toBe(true)
  })

  it('maps a computed 31 to 0', () => {
    // Search the first body whose sum is ≡ 0 (mod 31): its check character must be 0, not a 32nd symbol.
    let found = ''
    for (let n = 0; n < 1000 && !found; n++) {
      const body = `9144030000${String(n).padStart(7, '0')}`
      if (usccCheckChar(body) === '0') found = body
    }
    expect(found).not.toBe('')
    expect(validateUscc(`${found}0`)).toBe(true)
  })

  it('rejects a wrong check character, a wrong length and letters GB 32100 excludes', () => {
    expect(validateUscc('11100000000013338X')).toBe(false)
    expect(validateUscc('11100000000013338')).toBe(false)
    expect(validateUscc('11100000000013338WW')).toBe(false)
    expect(validateUscc('1110000000001333OW')).toBe(false)
    expect(validateUscc('11A00000000013338W')).toBe(false)
    expect(validateUscc('11100000000013338w')).toBe(false)
    expectCode(() => usccCheckChar('1110000000001333'), 'ERR_IDENTIFIER_FORMAT', 'uscc')
    expectCode(() => usccCheckChar('1110000000001333I'), 'ERR_IDENTIFIER_FORMAT', 'uscc')
  })

  it('catches every single-character substitution', () => {
    const code = BEIJING_PSB
    for (let i = 0; i < 18; i++) {
      for (const ch of '0123456789ABCDEFGHJKLMNPQRTUWXY') {
        if (ch === code[i]) continue
        expect(validateUscc(code.slice(0, i) + ch + code.slice(i + 1))).toBe(false)
      }
    }
  })
})

describe('ISO/IEC 7064 MOD 37,36', () => {
  it('matches the published identifiers and catches substitutions and adjacent transpositions', () => {
    expect(mod3736CheckChar('11100000000013338W03211220000013544541J2430599001')).toBe('F')
    expect(mod3736IsValid('11100000000013338W03211220000013544541J2430599001F')).toBe(true)
    const body = 'A1B2C3D4E5F6'
    const check = mod3736CheckChar(body) as string
    for (let i = 0; i < body.length - 1; i++) {
      if (body[i] === body[i + 1]) continue
      const swapped = body.slice(0, i) + body[i + 1] + body[i] + body.slice(i + 2)
      expect(mod3736IsValid(swapped + check)).toBe(false)
    }
    expect(mod3736CheckChar('abc')).toBeNull()
  })
})

describe('证照标识', () => {
  const idCardId = generateCertId({ typeCode: certModules[0].typeCode, issuerCode: BEIJING_PSB, serial: '2024000001' })

  it('accepts identifiers published by deployed platforms (same check algorithm)', () => {
    const published = [
      '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F',
      '1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0',
      '1.2.156.3005.2.11100000000013338W087.11370800MB28559184.37080001202411010001.001.3'
    ]
    for (const text of published) expect(parseCertId(text).text).toBe(text)
  })

  it('accepts the example identifiers of docs/identifier.md, one per kind', () => {
    const documented: Record<string, string> = {
      'id-card': '1.2.156.3005.2.11100000000019107N001.11110000000021012L.2024000001.001.E',
      ctid: '1.2.156.3005.2.11100000000019107N002.11110000000021012L.2024000001.001.7',
      'driving-licence': '1.2.156.3005.2.11100000000019107N003.11310000000021020W.2024000001.001.T',
      'vehicle-licence': '1.2.156.3005.2.11100000000019107N004.11310000000021020W.2024000001.001.M',
      'social-security': '1.2.156.3005.2.111000000000192030001.11440000000021039W.2024000001.001.4',
      'medical-insurance': '1.2.156.3005.2.11100000MB0193009H001.11440000000021039W.2024000001.001.F',
      degree: '1.2.156.3005.2.1110000000001930X6001.11110000000021012L.2024000001.001.P'
    }
    for (const [kind, id] of Object.entries(documented)) expect(kindForCertId(id, certRegistry)).toBe(kind)
    expect(nextVersion(documented['id-card'])).toBe('1.2.156.3005.2.11100000000019107N001.11110000000021012L.2024000001.002.C')
  })

  it('parses every part', () => {
    expect(parseCertId('1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F')).toEqual({
      text: '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F',
      typeCode: '11100000000013338W032',
      definingAuthorityCode: '11100000000013338W',
      typeNumber: '032',
      issuerCode: '11220000013544541J',
      serial: '2430599',
      version: '001',
      versionNumber: 1,
      checkChar: 'F'
    })
  })

  it.each(certModules.map((m) => [m.kind, m.typeCode] as const))('generates a valid identifier for %s', (kind, typeCode) => {
    for (const [issuerCode, serial, version] of [
      [BEIJING_PSB, '2024000001', 1],
      [SHANGHAI_PSB, 'SH20250317A0042', 7],
      [GUANGDONG_HRSS, '9', '120']
    ] as const) {
      const id = generateCertId({ typeCode, issuerCode, serial, version })
      const parsed = parseCertId(id)
      expect(parsed).toMatchObject({ typeCode, issuerCode, serial, versionNumber: Number(version) })
      expect(id.startsWith(`${CERT_ID_PREFIX}.${typeCode}.${issuerCode}.${serial}.`)).toBe(true)
      expect(validateCertId(id)).toEqual({ valid: true, certId: parsed })
      expect(kindForCertId(id, certRegistry)).toBe(kind)
    }
  })

  it('normalises case and surrounding whitespace', () => {
    expect(parseCertId(`  ${idCardId.toLowerCase()}\n`).text).toBe(idCardId)
  })

  it.each([
    ['empty', '', 'empty'],
    ['blank', '   ', 'empty'],
    ['too long', `${CERT_ID_PREFIX}.${'1'.repeat(130)}`, 'length'],
    ['wrong prefix', '1.2.156.3005.1.11100000000013338W032.11220000013544541J.2430599.001.F', 'prefix'],
    ['no prefix', '11100000000013338W032.11220000013544541J.2430599.001.F', 'prefix'],
    ['missing segment', '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.F', 'segments'],
    ['extra segment', '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F.1', 'segments'],
    ['empty issuer segment', '1.2.156.3005.2.11100000000013338W032..2430599.001.F', 'issuer-code'],
    ['short type code', '1.2.156.3005.2.11100000000013338W32.11220000013544541J.2430599.001.F', 'type-code'],
    ['type number with a letter', '1.2.156.3005.2.11100000000013338W03A.11220000013544541J.2430599.001.F', 'type-code'],
    ['type authority with O', '1.2.156.3005.2.1110000000001333OW032.11220000013544541J.2430599.001.F', 'type-code'],
    ['short issuer', '1.2.156.3005.2.11100000000013338W032.1122000013544541J.2430599.001.F', 'issuer-code'],
    ['issuer with I', '1.2.156.3005.2.11100000000013338W032.1122000001354454IJ.2430599.001.F', 'issuer-code'],
    ['issuer division with a letter', '1.2.156.3005.2.11100000000013338W032.11A20000013544541J.2430599.001.F', 'issuer-code'],
    ['serial with a hyphen', '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430-599.001.F', 'serial'],
    ['serial too long', `1.2.156.3005.2.11100000000013338W032.11220000013544541J.${'1'.repeat(33)}.001.F`, 'serial'],
    ['serial with Chinese', '1.2.156.3005.2.11100000000013338W032.11220000013544541J.京2430599.001.F', 'serial'],
    ['two-digit version', '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.01.F', 'version'],
    ['version 000', '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.000.F', 'version'],
    ['two check characters', '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.FF', 'check-char'],
    ['symbol as check character', '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.*', 'check-char']
  ])('rejects %s with ERR_IDENTIFIER_FORMAT', (_name, text, detail) => {
    expectCode(() => parseCertId(text), 'ERR_IDENTIFIER_FORMAT', detail)
    expect(validateCertId(text)).toEqual({ valid: false, code: 'ERR_IDENTIFIER_FORMAT', detail })
  })

  it('rejects a wrong USCC check character in the issuer or the type code with detail uscc', () => {
    expectCode(() => parseCertId('1.2.156.3005.2.11100000000013338W032.11220000013544541K.2430599.001.F'), 'ERR_IDENTIFIER_CHECK', 'uscc')
    expectCode(() => parseCertId('1.2.156.3005.2.11100000000013338X032.11220000013544541J.2430599.001.F'), 'ERR_IDENTIFIER_CHECK', 'uscc')
    expect(validateCertId('1.2.156.3005.2.11100000000013338W032.11220000013544541K.2430599.001.F')).toEqual({
      valid: false,
      code: 'ERR_IDENTIFIER_CHECK',
      detail: 'uscc'
    })
  })

  it('rejects a wrong final check character with detail check-char', () => {
    expectCode(() => parseCertId('1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.G'), 'ERR_IDENTIFIER_CHECK', 'check-char')
  })

  it('catches every single-character substitution anywhere in the identifier', () => {
    const typeCode = certModules[2].typeCode
    const id = generateCertId({ typeCode, issuerCode: SHANGHAI_PSB, serial: '310000198807', version: 3 })
    const typeStart = CERT_ID_PREFIX.length + 1
    const issuerStart = typeStart + typeCode.length + 1
    const serialStart = issuerStart + SHANGHAI_PSB.length + 1
    const versionStart = id.length - 5
    let tried = 0
    for (let i = 0; i < id.length; i++) {
      if (id[i] === '.') continue
      for (const ch of ALPHANUMERIC) {
        if (ch === id[i]) continue
        const changed = id.slice(0, i) + ch + id.slice(i + 1)
        const result = validateCertId(changed)
        tried++
        expect(result.valid).toBe(false)
        if (result.valid) continue
        const got = { i, ch, code: result.code, detail: result.detail }
        if (i < typeStart) {
          expect(got).toEqual({ i, ch, code: 'ERR_IDENTIFIER_FORMAT', detail: 'prefix' })
        } else if (i < typeStart + 18 && isUsccShape(changed.slice(typeStart, typeStart + 18))) {
          expect(got).toEqual({ i, ch, code: 'ERR_IDENTIFIER_CHECK', detail: 'uscc' })
        } else if (i >= issuerStart && i < issuerStart + 18 && isUsccShape(changed.slice(issuerStart, issuerStart + 18))) {
          expect(got).toEqual({ i, ch, code: 'ERR_IDENTIFIER_CHECK', detail: 'uscc' })
        } else if (i >= versionStart && i < versionStart + 3) {
          // A digit for a digit keeps the shape (unless it makes 000): only the check character notices.
          const shapeKept = /[0-9]/.test(ch) && changed.slice(versionStart, versionStart + 3) !== '000'
          expect(got.code).toBe(shapeKept ? 'ERR_IDENTIFIER_CHECK' : 'ERR_IDENTIFIER_FORMAT')
        } else if (i >= serialStart || (i >= typeStart + 18 && i < typeStart + 21 && /[0-9]/.test(ch))) {
          // Serial, check character, and type number digits are covered by the check character alone.
          expect(got).toEqual({ i, ch, code: 'ERR_IDENTIFIER_CHECK', detail: 'check-char' })
        } else {
          expect(got.code).toBe('ERR_IDENTIFIER_FORMAT')
        }
      }
    }
    expect(tried).toBe(35 * id.replace(/\./g, '').length)
  })

  it('catches a swap of two adjacent serial characters', () => {
    const id = generateCertId({ typeCode: certModules[0].typeCode, issuerCode: BEIJING_PSB, serial: '2024000159' })
    const swapped = id.replace('.2024000159.', '.2024001059.')
    expectCode(() => parseCertId(swapped), 'ERR_IDENTIFIER_CHECK', 'check-char')
  })

  it('generateCertId refuses bad parts with the same errors as parsing', () => {
    const typeCode = certModules[0].typeCode
    expectCode(() => generateCertId({ typeCode: 'ABC', issuerCode: BEIJING_PSB, serial: '1' }), 'ERR_IDENTIFIER_FORMAT', 'type-code')
    expectCode(() => generateCertId({ typeCode: '11100000000019107M001', issuerCode: BEIJING_PSB, serial: '1' }), 'ERR_IDENTIFIER_CHECK', 'uscc')
    expectCode(() => generateCertId({ typeCode, issuerCode: '11110000000021012M', serial: '1' }), 'ERR_IDENTIFIER_CHECK', 'uscc')
    expectCode(() => generateCertId({ typeCode, issuerCode: '1111000000002101', serial: '1' }), 'ERR_IDENTIFIER_FORMAT', 'issuer-code')
    expectCode(() => generateCertId({ typeCode, issuerCode: BEIJING_PSB, serial: '' }), 'ERR_IDENTIFIER_FORMAT', 'serial')
    expectCode(() => generateCertId({ typeCode, issuerCode: BEIJING_PSB, serial: 'a1' }), 'ERR_IDENTIFIER_FORMAT', 'serial')
    expectCode(() => generateCertId({ typeCode, issuerCode: BEIJING_PSB, serial: '1', version: 0 }), 'ERR_IDENTIFIER_FORMAT', 'version')
    expectCode(() => generateCertId({ typeCode, issuerCode: BEIJING_PSB, serial: '1', version: 1000 }), 'ERR_IDENTIFIER_FORMAT', 'version')
    expectCode(() => generateCertId({ typeCode, issuerCode: BEIJING_PSB, serial: '1', version: '1' }), 'ERR_IDENTIFIER_FORMAT', 'version')
    expectCode(() => generateCertId({ typeCode, issuerCode: BEIJING_PSB, serial: '1', version: 1.5 }), 'ERR_IDENTIFIER_FORMAT', 'version')
  })
})

describe('nextVersion', () => {
  it('keeps type, issuer and serial, adds one to the version and recomputes the check character', () => {
    const v1 = '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F'
    const v2 = nextVersion(v1)
    const a = parseCertId(v1)
    const b = parseCertId(v2)
    expect(b).toMatchObject({ typeCode: a.typeCode, issuerCode: a.issuerCode, serial: a.serial, version: '002', versionNumber: 2 })
    expect(v2.slice(0, -1)).toBe('1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.002.')
    expect(b.checkChar).toBe(mod3736CheckChar('11100000000013338W03211220000013544541J2430599002'))
    expect(parseCertId(nextVersion(v2)).version).toBe('003')
  })

  it('carries across digits and stops after 999', () => {
    const typeCode = certModules[4].typeCode
    const v9 = generateCertId({ typeCode, issuerCode: GUANGDONG_HRSS, serial: 'X1', version: 9 })
    expect(parseCertId(nextVersion(v9)).version).toBe('010')
    const v99 = generateCertId({ typeCode, issuerCode: GUANGDONG_HRSS, serial: 'X1', version: 99 })
    expect(parseCertId(nextVersion(v99)).version).toBe('100')
    const v999 = generateCertId({ typeCode, issuerCode: GUANGDONG_HRSS, serial: 'X1', version: 999 })
    expectCode(() => nextVersion(v999), 'ERR_IDENTIFIER_FORMAT', 'version')
  })

  it('refuses an invalid identifier', () => {
    expectCode(() => nextVersion('1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.G'), 'ERR_IDENTIFIER_CHECK', 'check-char')
  })
})

describe('kindForCertId', () => {
  it('maps the type code to the registered kind, from text or a parsed identifier', () => {
    const id = generateCertId({ typeCode: '11100000MB0193009H001', issuerCode: BEIJING_PSB, serial: '7' })
    expect(kindForCertId(id, certRegistry)).toBe('medical-insurance')
    expect(kindForCertId(parseCertId(id), certRegistry)).toBe('medical-insurance')
  })

  it('throws ERR_UNKNOWN_KIND with the type code for a valid identifier of an unregistered type', () => {
    expectCode(
      () => kindForCertId('1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F', certRegistry),
      'ERR_UNKNOWN_KIND',
      '11100000000013338W032'
    )
  })

  it('checks the identifier before looking the type up', () => {
    expectCode(() => kindForCertId('not an id', certRegistry), 'ERR_IDENTIFIER_FORMAT', 'prefix')
  })
})
