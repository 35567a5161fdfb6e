import type { Page } from 'playwright-core'

const AXE_PATH = require.resolve('axe-core/axe.min.js')

/** One axe-core finding, short enough to read in a failed expectation. */
export interface AxeFinding {
  id: string
  impact: string
  help: string
  targets: string[]
  /** axe's own words for the first offending node (colours and ratio for contrast). */
  summary: string
}

/**
 * Runs axe-core (the exact version in package.json) on the page as it is now and returns its
 * serious and critical violations; an empty list is the bar every page meets, in both modes.
 */
export async function seriousA11yViolations(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH })
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe
    const r = await axe.run(document, { resultTypes: ['violations'] })
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')), summary: (v.nodes[0]?.failureSummary ?? '').slice(0, 300) }))
  })
}
