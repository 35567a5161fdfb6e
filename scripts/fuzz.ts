/**
 * `npm run fuzz -- [--seed N] [--count N] [--resigned N] [--no-write]`: mutated CW1 / CWP1 / SD-JWT
 * inputs through both verifier backends (scripts/fuzzEngine.ts). `--count` raw mutations
 * (default 10,000) and `--resigned` mutated-then-re-signed ones (default 5,000), each verified on
 * jose and noble. Prints the table and writes it into docs/BENCHMARKS.md as the section
 * "Fuzzing (npm run fuzz)" (replaced on each run; the other sections are kept). Exit 1 when any
 * failure was not coded or any acceptance is unexplained. Not part of `npm test`.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { EXPLANATIONS, runFuzz, type FuzzReport } from './fuzzEngine'

export const SECTION_TITLE = '## Fuzzing (npm run fuzz)'

function parse(argv: string[]): { seed: number; count: number; resigned: number; write: boolean } {
  const out = { seed: 20261127, count: 10_000, resigned: 5_000, write: true }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const num = () => {
      const v = Number(argv[++i])
      if (!Number.isInteger(v) || v < 0) throw new Error(`${a} needs a whole number`)
      return v
    }
    if (a === '--seed') out.seed = num()
    else if (a === '--count') out.count = num()
    else if (a === '--resigned') out.resigned = num()
    else if (a === '--no-write') out.write = false
    else throw new Error(`unknown option ${a}`)
  }
  return out
}

export function reportMarkdown(r: FuzzReport, command: string): string {
  const lines: string[] = []
  lines.push(SECTION_TITLE, '')
  lines.push(
    `\`${command}\` — seed ${r.seed}, ${r.rawCount.toLocaleString('en')} raw mutations + ${r.resignedCount.toLocaleString('en')} mutated-then-re-signed ` +
      `(issuer or device key, so the signature passes), each through ${r.backends.join(' and ')}: ${r.verifications.toLocaleString('en')} verifications ` +
      `in ${r.seconds.toFixed(0)} s (Node ${process.version}, shared 2-core machine). Keys are made at run time from the seed (an in-process simulator); ` +
      'the unmutated inputs pass on both backends before the run starts.',
    ''
  )
  lines.push('| outcome | verifications |', '| --- | ---: |')
  lines.push(`| accepted (each explained below) | ${r.acceptedTotal} |`)
  lines.push(`| coded rejections | ${r.codedTotal} |`)
  lines.push(`| **non-coded failures** (goal 0) | **${r.nonCoded.length}** |`)
  lines.push(`| **unexplained acceptances** (goal 0) | **${r.unexplained.length}** |`)
  lines.push(`| jose ≠ noble (same input, different outcome) | ${r.disagreements.length} |`, '')
  lines.push('Inputs by family and format:', '')
  lines.push('| family | format | inputs |', '| --- | --- | ---: |')
  for (const [k, v] of Object.entries(r.byFamilyFormat)) {
    const [family, format] = k.split(' ')
    lines.push(`| ${family} | ${format} | ${v} |`)
  }
  lines.push('', 'Coded rejections by code (both backends):', '')
  lines.push('| code | count |', '| --- | ---: |')
  for (const [code, n] of Object.entries(r.coded).sort((a, b) => b[1] - a[1])) lines.push(`| \`${code}\` | ${n} |`)
  lines.push('', 'Accepted, with why:', '')
  if (r.accepted.length === 0) lines.push('none.')
  else {
    const groups = new Map<string, { count: number; examples: Map<string, number> }>()
    for (const a of r.accepted) {
      const k = `${a.family} | ${a.format} | ${a.explanation}`
      const g = groups.get(k) ?? { count: 0, examples: new Map() }
      g.count += a.count
      g.examples.set(a.mutation, (g.examples.get(a.mutation) ?? 0) + a.count)
      groups.set(k, g)
    }
    lines.push('| family | format | why | verifications | most frequent mutations |', '| --- | --- | --- | ---: | --- |')
    for (const [k, g] of [...groups].sort((a, b) => b[1].count - a[1].count)) {
      const top = [...g.examples].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([m, n]) => `\`${m.replace(/\|/g, '\\|')}\` ${n}`)
      lines.push(`| ${k} | ${g.count} | ${top.join(', ')} |`)
    }
    lines.push('')
    for (const [k, v] of Object.entries(EXPLANATIONS)) lines.push(`- *${k}*: ${v}.`)
  }
  lines.push('', 'Non-coded failures:', '')
  if (r.nonCoded.length === 0) lines.push('none.')
  else for (const f of r.nonCoded.slice(0, 30)) lines.push(`- #${f.n} ${f.family} ${f.format} \`${f.mutation}\` on ${f.backend}: ${f.error} — input \`${f.input}\``)
  if (r.unexplained.length) {
    lines.push('', 'Unexplained acceptances:', '')
    for (const u of r.unexplained.slice(0, 30)) lines.push(`- #${u.n} ${u.family} ${u.format} \`${u.mutation}\` on ${u.backend}: ${u.why} — input \`${u.input}\``)
  }
  if (r.disagreements.length) {
    lines.push('', 'Backend disagreements (first 10):', '')
    for (const d of r.disagreements.slice(0, 10)) lines.push(`- #${d.n} \`${d.mutation}\`: ${Object.entries(d.outcomes).map(([b, c]) => `${b} ${c}`).join(', ')}`)
  }
  const s = r.slowest
  lines.push('', `Slowest input: #${s.n} (${s.family} ${s.format}, \`${s.mutation}\`, ${s.inputLength} chars) on ${s.backend}: ${s.ms.toFixed(1)} ms → \`${s.code}\`.`)
  lines.push('', `Reproduce one input: \`npm run fuzz -- --seed ${r.seed} --count ${r.rawCount} --resigned ${r.resignedCount} --no-write\` (inputs are numbered in order: raw first, then re-signed).`, '')
  return lines.join('\n')
}

/** Replaces (or appends) the fuzz section of BENCHMARKS.md, keeping every other section. */
export function replaceSection(doc: string, section: string): string {
  const start = doc.indexOf(SECTION_TITLE)
  if (start < 0) return doc.replace(/\s*$/, '\n\n') + section
  const rest = doc.slice(start + SECTION_TITLE.length)
  const next = rest.search(/\n## /)
  const end = next < 0 ? doc.length : start + SECTION_TITLE.length + next + 1
  return doc.slice(0, start) + section + (next < 0 ? '' : '\n' + doc.slice(end))
}

async function main() {
  const args = parse(process.argv.slice(2))
  const total = args.count + args.resigned
  const report = await runFuzz({
    seed: args.seed,
    rawCount: args.count,
    resignedCount: args.resigned,
    onProgress: (done) => {
      if (done % 1000 === 0) process.stderr.write(`fuzz: ${done}/${total}\n`)
    }
  })
  const command = `npm run fuzz -- --seed ${args.seed} --count ${args.count} --resigned ${args.resigned}`
  const md = reportMarkdown(report, command)
  process.stdout.write(md + '\n')
  if (args.write) {
    const file = join(__dirname, '..', 'docs', 'BENCHMARKS.md')
    writeFileSync(file, replaceSection(readFileSync(file, 'utf8'), md))
    process.stderr.write(`fuzz: wrote ${file}\n`)
  }
  process.exit(report.nonCoded.length || report.unexplained.length ? 1 : 0)
}

if (require.main === module) void main()
