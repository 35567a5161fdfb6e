/**
 * Runs `task` once the page is loaded and the main thread is idle (H5: warms up code that was split
 * off the first screen, so the first tap does not wait for it). Where there is no
 * requestIdleCallback, a timer after the load event.
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
  const idle = () => (g.requestIdleCallback ? g.requestIdleCallback(run, { timeout: 3000 }) : setTimeout(run, 500))
  if (typeof document === 'undefined' || document.readyState === 'complete') idle()
  else globalThis.addEventListener?.('load', () => idle(), { once: true })
}
