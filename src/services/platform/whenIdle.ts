/** How long after the load event the warm-up waits, so it never competes with the first screen's render. */
export const WARM_UP_DELAY_MS = 1000

/**
 * Runs `task` a second after the page has loaded, when the main thread is idle (H5: warms up code
 * that was split off the first screen, so the first unlock or sync does not wait for its download).
 * Where there is no requestIdleCallback, the timer alone.
 */
export function whenIdle(task: () => unknown): void {
  const g = globalThis as typeof globalThis & { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number }
  const run = () => {
    try {
      void Promise.resolve(task()).catch(() => undefined)
    } catch {
      // a failed warm-up is retried by the first real use
    }
  }
  const idle = () => setTimeout(() => (g.requestIdleCallback ? g.requestIdleCallback(run, { timeout: 3000 }) : run()), WARM_UP_DELAY_MS)
  if (typeof document === 'undefined') return // no page (Node, jest): nothing to warm up for
  if (document.readyState === 'complete') idle()
  else globalThis.addEventListener?.('load', () => idle(), { once: true })
}
