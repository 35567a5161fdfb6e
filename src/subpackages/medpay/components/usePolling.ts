import { useEffect } from 'react'

/** Calls `tick` now and every `ms` while the page is mounted (the other phone may act any time). */
export function usePolling(tick: () => void, ms: number): void {
  useEffect(() => {
    tick()
    const t = setInterval(tick, ms)
    return () => clearInterval(t)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ms])
}
