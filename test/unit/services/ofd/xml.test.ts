import { parseXml, el, childrenNamed } from '../../../../src/services/ofd/xml'
import { WalletError } from '../../../../src/services/errors'

const detailOf = (f: () => unknown) => {
  try {
    f()
  } catch (e) {
    return e instanceof WalletError ? `${e.code}:${e.detail}` : String(e)
  }
  return 'no error'
}

describe('the minimal XML reader', () => {
  it('reads elements, attributes, text, entities, CDATA and comments', () => {
    const x = parseXml('<?xml version="1.0" encoding="UTF-8"?><!-- c --><ofd:A xmlns:ofd="u" k=\'v&amp;w\'><ofd:B n="1">a &lt;b&gt; &#x4E2D;&#25991;<![CDATA[<raw>]]></ofd:B><ofd:B n="2"/></ofd:A>')
    expect(x).toMatchObject({ name: 'ofd:A', local: 'A', attrs: { 'xmlns:ofd': 'u', k: 'v&w' } })
    const bs = childrenNamed(x, 'B')
    expect(bs.map((b) => b.attrs.n)).toEqual(['1', '2'])
    expect(bs[0].text).toBe('a <b> 中文<raw>')
  })

  it('round-trips what the builder writes, escaping included', () => {
    const s = el('ofd:T', { Name: 'a"<&>' }, [el('ofd:C', {}, '<&> "x"')])
    const x = parseXml(s)
    expect(x.attrs.Name).toBe('a"<&>')
    expect(x.children[0].text).toBe('<&> "x"')
  })

  it('refuses DOCTYPE, unknown entities, unbalanced tags, duplicate attributes, two roots, deep nesting', () => {
    expect(detailOf(() => parseXml('<!DOCTYPE a><a/>'))).toBe('ERR_MALFORMED:xml-doctype')
    expect(detailOf(() => parseXml('<a>&ext;</a>'))).toBe('ERR_MALFORMED:xml-entity')
    expect(detailOf(() => parseXml('<a><b></a></b>'))).toBe('ERR_MALFORMED:xml-unbalanced')
    expect(detailOf(() => parseXml('<a x="1" x="2"/>'))).toBe('ERR_MALFORMED:xml-attribute')
    expect(detailOf(() => parseXml('<a/><b/>'))).toBe('ERR_MALFORMED:xml-second-root')
    expect(detailOf(() => parseXml('<a>'))).toBe('ERR_MALFORMED:xml-unclosed')
    expect(detailOf(() => parseXml('<a>'.repeat(100) + '</a>'.repeat(100)))).toBe('ERR_MALFORMED:xml-depth')
    expect(detailOf(() => parseXml('<a>&#xD800;</a>'))).toBe('ERR_MALFORMED:xml-char-ref')
  })
})
