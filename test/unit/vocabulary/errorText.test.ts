/**
 * The error texts, split for the WeChat main package's size (issue #12): the main package carries
 * the texts of the codes it can show (src/vocabulary/errorText.ts), the subpackage pages register
 * the rest (src/components/featureErrorText.ts). Which codes the main package can show is read off
 * the sources, not listed by hand: the ERR_ codes named in the files the main package loads (the
 * import graph from src/app.ts and src/pages, every platform's file, lazy imports included) and
 * every code mock/openapi.yaml lets a holder-client endpoint answer.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ErrorCodes, type ErrorCode } from '../../../src/vocabulary/errors'
import { MAIN_ERROR_TEXT } from '../../../src/vocabulary/errorText'
import { ERROR_TEXT, FEATURE_ERROR_TEXT } from '../../../src/vocabulary/featureErrorText'
import { holderOperations } from '../../../src/services/api/holderOperations'
import { mainPackageReach, read, resolveSpecifier, ROOT } from '../../support/importGraph'
import { parseYamlSubset, type YamlValue } from '../../support/yamlSubset'

const CHINESE = /[\u4e00-\u9fff]/
const codesIn = (text: string) => new Set([...text.matchAll(/\bERR_[A-Z0-9_]+\b/g)].map((m) => m[0]))
const isCode = (c: string): c is ErrorCode => (ErrorCodes as readonly string[]).includes(c)

/** Where each code the main package's code names is named (the registries themselves excepted). */
function codesNamedByMainPackage(): Map<string, string[]> {
  const REGISTRIES = ['src/vocabulary/errors.ts', 'src/vocabulary/errorText.ts']
  const out = new Map<string, string[]>()
  for (const file of mainPackageReach().keys()) {
    if (REGISTRIES.includes(file)) continue
    for (const code of codesIn(read(file))) out.set(code, [...(out.get(code) ?? []), file])
  }
  return out
}

/** Each code a holder-client endpoint can answer, with the operation: its own text, its responses and its security scheme. */
function codesTheHolderEndpointsAnswer(): Map<string, string[]> {
  const doc = parseYamlSubset(readFileSync(join(ROOT, 'mock/openapi.yaml'), 'utf8')) as Record<string, any>
  const out = new Map<string, string[]>()
  for (const [id, op] of Object.entries(holderOperations)) {
    const operation = doc.paths[op.path]?.[op.method.toLowerCase()] as YamlValue | undefined
    expect([id, operation === undefined]).toEqual([id, false])
    const text = JSON.stringify(operation)
    const responses = [...text.matchAll(/#\/components\/responses\/(\w+)/g)].map((m) => doc.components.responses[m[1]])
    const schemes = ((operation as { security?: Array<Record<string, unknown>> }).security ?? []).flatMap((s) => Object.keys(s).map((k) => doc.components.securitySchemes[k]))
    for (const part of [operation, ...responses, ...schemes]) {
      for (const code of codesIn(JSON.stringify(part))) out.set(code, [...(out.get(code) ?? []), id])
    }
  }
  return out
}

describe('error texts', () => {
  it('(a) every ErrorCode has Chinese text, in exactly one of the two tables, and the tables hold only ErrorCodes', () => {
    const main = Object.keys(MAIN_ERROR_TEXT)
    const feature = Object.keys(FEATURE_ERROR_TEXT)
    expect([...main, ...feature].filter((c) => !isCode(c))).toEqual([])
    expect(main.filter((c) => feature.includes(c))).toEqual([])
    expect(ErrorCodes.filter((c) => !CHINESE.test((MAIN_ERROR_TEXT as Record<string, string>)[c] ?? (FEATURE_ERROR_TEXT as Record<string, string>)[c] ?? ''))).toEqual([])
    expect(ErrorCodes.filter((c) => !CHINESE.test(ERROR_TEXT[c]))).toEqual([])
    // The split is a real one: the subpackages' table is not empty.
    expect(feature.length).toBeGreaterThan(20)
  })

  it('(b) the main package has the text of every code its code names or a holder-client endpoint answers', () => {
    const named = codesNamedByMainPackage()
    const answered = codesTheHolderEndpointsAnswer()
    // Not vacuous: the walk reaches the lock, the stores and the credential checks; the yaml's shared responses are read.
    for (const c of ['ERR_PIN_WRONG', 'ERR_WIPED', 'ERR_KB_SIGNATURE_INVALID', 'ERR_TRUST_LIST_ROLLBACK', 'ERR_NETWORK']) expect([c, named.has(c)]).toEqual([c, true])
    for (const c of ['ERR_DPOP_REPLAYED', 'ERR_FACE_PROOF_SUBJECT', 'ERR_DEVICE_DEACTIVATED', 'ERR_RATE_LIMITED']) expect([c, answered.has(c)]).toEqual([c, true])
    const needed = new Map([...named, ...answered])
    // A name that is not a code is a typo the UI could never word.
    expect([...needed.keys()].filter((c) => !isCode(c))).toEqual([])
    const missing = [...needed.keys()].filter((c) => !(c in MAIN_ERROR_TEXT)).map((c) => `${c} (${[...new Set(needed.get(c))].join(', ')})`)
    expect(missing).toEqual([])
  })

  it('the main package carries no text it cannot show (such a text belongs in featureErrorText.ts)', () => {
    const needed = new Set([...codesNamedByMainPackage().keys(), ...codesTheHolderEndpointsAnswer().keys(), 'ERR_UNKNOWN'])
    expect(Object.keys(MAIN_ERROR_TEXT).filter((c) => !needed.has(c))).toEqual([])
  })

  it('every subpackage page registers the subpackages’ texts (src/components/featureErrorText.ts)', () => {
    const config = read('src/app.config.ts')
    const pages = [...config.matchAll(/root:\s*'([^']+)',\s*pages:\s*\[([^\]]*)\]/g)].flatMap((m) => [...m[2].matchAll(/'([^']+)'/g)].map((p) => `src/${m[1]}/${p[1]}.tsx`))
    expect(pages.length).toBeGreaterThan(15)
    const registers = (page: string) => [...read(page).matchAll(/^import\s+['"]([^'"]+)['"]/gm)].some((m) => resolveSpecifier(page, m[1]) === 'src/components/featureErrorText.ts')
    expect(pages.filter((p) => !registers(p))).toEqual([])
  })
})

describe('errorText() before and after a subpackage registers its texts', () => {
  const load = () => require('../../../src/components/errorText') as typeof import('../../../src/components/errorText')

  it('words a main code at once, a subpackage code generically with the code until registered, then in its own words', () => {
    jest.isolateModules(() => {
      const { errorText, fallbackErrorText } = load()
      expect(errorText('ERR_PIN_WRONG')).toBe(MAIN_ERROR_TEXT.ERR_PIN_WRONG)
      // Not registered yet: never a bare code, never another code's words.
      expect(errorText('ERR_GRANT_REVOKED')).toBe(fallbackErrorText('ERR_GRANT_REVOKED'))
      expect(errorText('ERR_GRANT_REVOKED')).toMatch(/^[\u4e00-\u9fff].*（错误代码 ERR_GRANT_REVOKED）$/)
      // Not one of our codes at all: ERR_UNKNOWN's words.
      expect(errorText('ERR_NOPE')).toBe(MAIN_ERROR_TEXT.ERR_UNKNOWN)
      // A code read off the wire is looked up as data, never as an object's own property.
      for (const odd of ['constructor', '__proto__', 'toString']) expect(errorText(odd)).toBe(MAIN_ERROR_TEXT.ERR_UNKNOWN)
      require('../../../src/components/featureErrorText')
      expect(errorText('ERR_GRANT_REVOKED')).toBe(FEATURE_ERROR_TEXT.ERR_GRANT_REVOKED)
      for (const code of ErrorCodes) expect([code, errorText(code)]).toEqual([code, ERROR_TEXT[code].replace('{app}', '浏览器')])
    })
  })

  it('a registered table cannot reword a main code', () => {
    jest.isolateModules(() => {
      const { errorText, registerErrorText } = load()
      registerErrorText({ ERR_PIN_WRONG: '别的话', ERR_RP_UNKNOWN: '登记过的话' })
      expect(errorText('ERR_PIN_WRONG')).toBe(MAIN_ERROR_TEXT.ERR_PIN_WRONG)
      expect(errorText('ERR_RP_UNKNOWN')).toBe('登记过的话')
    })
  })
})
