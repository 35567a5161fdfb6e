/**
 * Renders the API tables of docs/platforms.md from docs/platforms.json (the one table the
 * mini-program emulator also reads): `npx tsx scripts/platforms-doc.ts` rewrites the part between
 * the GENERATED markers; `--check` exits 1 when the doc is out of date.
 */
import fs from 'node:fs'
import path from 'node:path'

interface Row {
  api: string
  since: string
  doc: string
  checked: boolean
  whenMissing: string
  emulated: boolean
  usedBy: string
}

const ROOT = path.resolve(__dirname, '..')
const BEGIN = '<!-- GENERATED from docs/platforms.json by scripts/platforms-doc.ts: do not edit by hand -->'
const END = '<!-- END GENERATED -->'

export function renderTables(): string {
  const table = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/platforms.json'), 'utf8')) as Record<string, { minBaseLibrary: string; apis: Row[] }>
  const out: string[] = []
  for (const [platform, global, title] of [
    ['weapp', 'wx', 'WeChat (`wx`)'],
    ['alipay', 'my', 'Alipay (`my`)']
  ] as const) {
    const t = table[platform]
    out.push(`### ${title} — minimum base library ${t.minBaseLibrary}`, '')
    out.push('| API | since (base library) | read here | used by | when missing | emulated | source |', '| --- | --- | --- | --- | --- | --- | --- |')
    for (const r of t.apis) {
      const cell = (s: string) => s.replace(/\|/g, '\\|')
      out.push(`| \`${global}.${r.api}\` | ${cell(r.since)} | ${r.checked ? 'yes' : 'no'} | ${cell(r.usedBy)} | ${cell(r.whenMissing)} | ${r.emulated ? 'yes' : 'no'} | ${r.doc ? `<${r.doc.split(' ')[0]}>` : '–'} |`)
    }
    out.push('')
  }
  return `${BEGIN}\n\n${out.join('\n')}\n${END}`
}

if (require.main === module) {
  const file = path.join(ROOT, 'docs/platforms.md')
  const doc = fs.readFileSync(file, 'utf8')
  const start = doc.indexOf(BEGIN)
  const end = doc.indexOf(END)
  if (start < 0 || end < 0) throw new Error('docs/platforms.md lacks the GENERATED markers')
  const next = doc.slice(0, start) + renderTables() + doc.slice(end + END.length)
  if (process.argv.includes('--check')) {
    if (next !== doc) {
      console.error('docs/platforms.md is out of date: npx tsx scripts/platforms-doc.ts')
      process.exit(1)
    }
  } else fs.writeFileSync(file, next)
}
