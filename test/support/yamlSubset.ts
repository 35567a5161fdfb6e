/**
 * A reader for the YAML subset mock/openapi.yaml is written in, so the spec test needs no YAML
 * library: block mappings and sequences (mappings inside `- ` items too), plain / 'single' /
 * "double" quoted scalars, flow sequences of scalars (`[a, b]`), the empty flow mapping `{}`,
 * folded and literal block scalars (`>`, `>-`, `|`, `|-`) and `#` comments. Anything else
 * (anchors, tags, multi-line flow collections, documents) throws, so a spec edit that leaves the
 * subset fails loudly instead of being misread.
 */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue }

interface Line {
  indent: number
  text: string
  no: number
}

function stripComment(text: string): string {
  let quote: string | null = null
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quote) {
      if (c === quote) quote = null
    } else if (c === "'" || c === '"') {
      if (i === 0 || /[\s[,:-]/.test(text[i - 1])) quote = c
    } else if (c === '#' && (i === 0 || text[i - 1] === ' ')) {
      return text.slice(0, i).trimEnd()
    }
  }
  return text.trimEnd()
}

function fail(line: Line | undefined, why: string): never {
  throw new Error(`yamlSubset: line ${line ? line.no : 'EOF'}: ${why}`)
}

function parseQuoted(text: string, line: Line): { value: string; rest: string } {
  const q = text[0]
  let out = ''
  for (let i = 1; i < text.length; i++) {
    const c = text[i]
    if (q === "'" && c === "'") {
      if (text[i + 1] === "'") {
        out += "'"
        i++
        continue
      }
      return { value: out, rest: text.slice(i + 1) }
    }
    if (q === '"' && c === '\\') {
      const n = text[++i]
      out += n === 'n' ? '\n' : n === 't' ? '\t' : n
      continue
    }
    if (q === '"' && c === '"') return { value: out, rest: text.slice(i + 1) }
    out += c
  }
  return fail(line, 'unterminated quoted scalar')
}

function plainScalar(text: string, line: Line): YamlValue {
  if (/^[&*!|>%@`]/.test(text) || text.startsWith('{') || text.startsWith('[')) fail(line, `outside the subset: ${text}`)
  if (text === 'true') return true
  if (text === 'false') return false
  if (text === 'null' || text === '~') return null
  if (/^-?\d+$/.test(text)) return Number(text)
  if (/^-?\d+\.\d+$/.test(text)) return Number(text)
  return text
}

function scalar(text: string, line: Line): YamlValue {
  if (text.startsWith("'") || text.startsWith('"')) {
    const { value, rest } = parseQuoted(text, line)
    if (rest.trim() !== '') fail(line, 'text after a quoted scalar')
    return value
  }
  if (text === '{}') return {}
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) fail(line, 'multi-line flow sequence')
    const inner = text.slice(1, -1).trim()
    if (inner === '') return []
    return inner.split(',').map((part) => {
      const item = part.trim()
      if (item.startsWith('[') || item.startsWith('{')) fail(line, 'nested flow collection')
      return scalar(item, line)
    })
  }
  return plainScalar(text, line)
}

/** Splits `key: value` / `key:`; null when the text is not a mapping entry. */
function splitEntry(text: string, line: Line): { key: string; rest: string } | null {
  if (text.startsWith("'") || text.startsWith('"')) {
    const { value, rest } = parseQuoted(text, line)
    if (!rest.startsWith(':')) return null
    return { key: value, rest: rest.slice(1).trim() }
  }
  const m = /^([^\s'"][^:]*?|[^\s'"]\S*?):(?:\s+(.*))?$/.exec(text)
  if (!m) return null
  return { key: m[1], rest: (m[2] ?? '').trim() }
}

export function parseYamlSubset(source: string): YamlValue {
  const raw = source.replace(/\r\n/g, '\n').split('\n')
  if (raw.some((l) => /^\t/.test(l))) throw new Error('yamlSubset: tabs in indentation')
  let pos = 0

  const meaningful = (): Line | undefined => {
    while (pos < raw.length) {
      const text = stripComment(raw[pos])
      if (text.trim() !== '') {
        const indent = text.length - text.trimStart().length
        return { indent, text: text.trim(), no: pos + 1 }
      }
      pos++
    }
    return undefined
  }

  function blockScalar(style: string, parentIndent: number, line: Line): string {
    if (!/^[>|]-?$/.test(style)) fail(line, `block scalar style ${style}`)
    pos++
    const lines: string[] = []
    let indent = -1
    while (pos < raw.length) {
      const r = raw[pos]
      if (r.trim() === '') {
        lines.push('')
        pos++
        continue
      }
      const ind = r.length - r.trimStart().length
      if (ind <= parentIndent) break
      if (indent < 0) indent = ind
      if (ind < indent) fail({ indent: ind, text: r, no: pos + 1 }, 'block scalar dedent')
      lines.push(r.slice(indent))
      pos++
    }
    while (lines.length && lines[lines.length - 1] === '') lines.pop()
    let text: string
    if (style[0] === '|') text = lines.join('\n')
    else {
      text = ''
      for (let i = 0; i < lines.length; i++) {
        if (lines[i] === '') text += '\n'
        else text += (i > 0 && lines[i - 1] !== '' ? ' ' : '') + lines[i]
      }
    }
    return style.endsWith('-') ? text : text + '\n'
  }

  /** The value after `key:` or `- ` when it is on the following lines (or absent). */
  function nestedValue(parentIndent: number, allowSameIndentSequence: boolean): YamlValue {
    const next = meaningful()
    if (!next) return null
    if (next.indent > parentIndent) return node(next.indent)
    if (allowSameIndentSequence && next.indent === parentIndent && /^-(\s|$)/.test(next.text)) return sequence(parentIndent)
    return null
  }

  function entryValue(rest: string, indent: number, line: Line): YamlValue {
    if (/^[>|]/.test(rest)) return blockScalar(rest, indent, line)
    pos++
    if (rest === '') return nestedValue(indent, true)
    return scalar(rest, line)
  }

  function mapping(indent: number): { [key: string]: YamlValue } {
    const out: { [key: string]: YamlValue } = {}
    for (let line = meaningful(); line && line.indent === indent; line = meaningful()) {
      if (/^-(\s|$)/.test(line.text)) break
      const entry = splitEntry(line.text, line)
      if (!entry) fail(line, `expected "key: value", got ${line.text}`)
      if (entry.key in out) fail(line, `duplicate key ${entry.key}`)
      out[entry.key] = entryValue(entry.rest, indent, line)
    }
    const after = meaningful()
    if (after && after.indent > indent) fail(after, 'unexpected indentation')
    return out
  }

  function sequence(indent: number): YamlValue[] {
    const out: YamlValue[] = []
    for (let line = meaningful(); line && line.indent === indent && /^-(\s|$)/.test(line.text); line = meaningful()) {
      const content = line.text.slice(1).trimStart()
      if (content === '') {
        pos++
        out.push(nestedValue(indent, false))
        continue
      }
      const contentIndent = indent + (line.text.length - content.length)
      if (splitEntry(content, line) && !content.startsWith('[') && content !== '{}') {
        // `- key: value`: a mapping whose first line shares the dash's line.
        raw[pos] = ' '.repeat(contentIndent) + content
        out.push(mapping(contentIndent))
      } else {
        pos++
        out.push(scalar(content, line))
      }
    }
    return out
  }

  function node(indent: number): YamlValue {
    const line = meaningful()
    if (!line) return null
    return /^-(\s|$)/.test(line.text) ? sequence(indent) : mapping(indent)
  }

  const first = meaningful()
  const doc = first ? node(first.indent) : null
  const rest = meaningful()
  if (rest) fail(rest, 'text after the document')
  return doc
}
