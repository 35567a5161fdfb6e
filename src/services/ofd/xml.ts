import { WalletError } from '../errors'

/**
 * A minimal XML 1.0 reader for the OFD files this project writes and reads: elements, attributes,
 * character data, the five predefined entities and character references, comments, CDATA and the
 * XML declaration. A DOCTYPE (and so any entity definition) is refused, as are unbalanced tags,
 * duplicate attributes, and input past MAX_DEPTH. Namespace prefixes are kept in `name`; `local`
 * is the name without its prefix (OFD files use `ofd:`).
 */
export interface XmlElement {
  name: string
  local: string
  attrs: Record<string, string>
  children: XmlElement[]
  /** Character data directly inside this element, concatenated. */
  text: string
}

const MAX_DEPTH = 64
const bad = (detail: string): WalletError => new WalletError('ERR_MALFORMED', { detail: 'xml-' + detail })
const NAME = /^[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?$/

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos|[^;]*);?/g, (m, e: string) => {
    if (!m.endsWith(';')) throw bad('entity')
    if (e === 'lt') return '<'
    if (e === 'gt') return '>'
    if (e === 'amp') return '&'
    if (e === 'quot') return '"'
    if (e === 'apos') return "'"
    if (e.startsWith('#')) {
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
      if (!(code >= 0x9 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) throw bad('char-ref')
      return String.fromCodePoint(code)
    }
    throw bad('entity')
  })
}

export function parseXml(text: string): XmlElement {
  let i = 0
  if (text.charCodeAt(0) === 0xfeff) i = 1
  const stack: XmlElement[] = []
  let root: XmlElement | null = null
  const skipMisc = (): boolean => {
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i)
      if (end < 0) throw bad('pi')
      i = end + 2
      return true
    }
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i)
      if (end < 0) throw bad('comment')
      i = end + 3
      return true
    }
    if (text.startsWith('<!DOCTYPE', i) || text.startsWith('<!ENTITY', i)) throw bad('doctype')
    return false
  }
  while (i < text.length) {
    if (text[i] === '<') {
      if (skipMisc()) continue
      if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i)
        if (end < 0 || stack.length === 0) throw bad('cdata')
        stack[stack.length - 1].text += text.slice(i + 9, end)
        i = end + 3
        continue
      }
      if (text[i + 1] === '/') {
        const end = text.indexOf('>', i)
        if (end < 0) throw bad('close')
        const name = text.slice(i + 2, end).trim()
        const open = stack.pop()
        if (!open || open.name !== name) throw bad('unbalanced')
        i = end + 1
        continue
      }
      // Start tag: name, attributes, optional self-close.
      const m = /^<([^\s/>]+)/.exec(text.slice(i, i + 200))
      if (!m || !NAME.test(m[1])) throw bad('name')
      if (root && stack.length === 0) throw bad('second-root')
      const el: XmlElement = { name: m[1], local: m[1].includes(':') ? m[1].split(':')[1] : m[1], attrs: {}, children: [], text: '' }
      i += m[0].length
      const attrRe = /\s*([^\s=/>]+)\s*=\s*("([^"<]*)"|'([^'<]*)')|\s*(\/?>)/y
      for (;;) {
        attrRe.lastIndex = i
        const a = attrRe.exec(text)
        if (!a) throw bad('attribute')
        i = attrRe.lastIndex
        if (a[5]) {
          if (stack.length) stack[stack.length - 1].children.push(el)
          else root = el
          if (a[5] === '>') {
            stack.push(el)
            if (stack.length > MAX_DEPTH) throw bad('depth')
          }
          break
        }
        if (!NAME.test(a[1]) || Object.prototype.hasOwnProperty.call(el.attrs, a[1])) throw bad('attribute')
        el.attrs[a[1]] = decodeEntities(a[3] ?? a[4])
      }
      continue
    }
    const next = text.indexOf('<', i)
    const chunk = text.slice(i, next < 0 ? text.length : next)
    if (stack.length) stack[stack.length - 1].text += decodeEntities(chunk)
    else if (chunk.trim()) throw bad('text-outside-root')
    i = next < 0 ? text.length : next
  }
  if (!root || stack.length) throw bad(root ? 'unclosed' : 'empty')
  return root
}

/** The children of `el` with local name `local`. */
export const childrenNamed = (el: XmlElement, local: string): XmlElement[] => el.children.filter((c) => c.local === local)

/** The one child named `local`; ERR_MALFORMED (`xml-<what>`) when it is missing. */
export function child(el: XmlElement, local: string, what = local): XmlElement {
  const c = el.children.find((x) => x.local === local)
  if (!c) throw bad('missing-' + what)
  return c
}

// ---- writing ----

export const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** A tiny element builder: `el('ofd:Page', { ID: '1' }, [...])` → an XML string. */
export function el(name: string, attrs: Record<string, string | number | undefined> = {}, content: string | string[] = []): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('')
  const body = Array.isArray(content) ? content.join('') : escapeXml(content)
  return body === '' ? `<${name}${a}/>` : `<${name}${a}>${body}</${name}>`
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
