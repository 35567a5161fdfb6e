/**
 * A small fixed-seed slice of `npm run fuzz` (scripts/fuzzEngine.ts): raw and re-signed mutations
 * of CW1 / CWP1 / SD-JWT through both backends. Every failure is coded, every acceptance is
 * explained, and the same seed gives the same outcomes.
 */
import { replaceSection, reportMarkdown, SECTION_TITLE } from '../../../scripts/fuzz'
import { runFuzz } from '../../../scripts/fuzzEngine'

jest.setTimeout(120_000)

it('300 mutated inputs (200 raw, 100 re-signed) on jose and noble: zero non-coded failures, zero unexplained acceptances', async () => {
  const r = await runFuzz({ seed: 4242, rawCount: 200, resignedCount: 100 })
  expect(r.verifications).toBe(600)
  expect(r.nonCoded).toEqual([])
  expect(r.unexplained).toEqual([])
  expect(r.codedTotal).toBeGreaterThan(400)
  // reproducible: the same seed gives the same outcome counts
  const again = await runFuzz({ seed: 4242, rawCount: 200, resignedCount: 100 })
  expect(again.coded).toEqual(r.coded)
  expect(again.accepted).toEqual(r.accepted)
})

it('replaces its own section of BENCHMARKS.md and keeps the others', async () => {
  const r = await runFuzz({ seed: 1, rawCount: 6, resignedCount: 3 })
  const md = reportMarkdown(r, 'npm run fuzz -- --seed 1')
  const doc = `# Benchmarks\n\n## A\n\na\n\n${SECTION_TITLE}\n\nold\n\n## B\n\nb\n`
  const out = replaceSection(doc, md)
  expect(out).toContain('## A\n\na')
  expect(out).toContain('## B\n\nb')
  expect(out).not.toContain('old')
  expect(out.split(SECTION_TITLE).length).toBe(2)
  expect(replaceSection('# Benchmarks\n', md)).toContain(SECTION_TITLE)
})
