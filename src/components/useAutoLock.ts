import { useEffect } from 'react'
import { useDidShow } from '@tarojs/taro'
import { presentationStore, walletStore } from '../store'
import { BACKGROUND_REFRESH_AGE_MS } from '../store/presentationCore'

/**
 * Auto-lock while a holder page is open: checks every few seconds and whenever the page shows
 * again (back from the background or another page). Touches on the page count as activity.
 */
export function useAutoLock(): void {
  useDidShow(() => {
    walletStore.getState().checkAutoLock()
    // The app shown again: purpose credentials (24 h) are topped up when due (a no-op when locked or fresh).
    const w = walletStore.getState()
    if (w.holder && !w.locked) void presentationStore.getState().refresh({ maxAgeMs: BACKGROUND_REFRESH_AGE_MS })
  })
  useEffect(() => {
    const t = setInterval(() => walletStore.getState().checkAutoLock(), 5000)
    return () => clearInterval(t)
  }, [])
}

export const noteActivity = (): void => walletStore.getState().noteActivity()
