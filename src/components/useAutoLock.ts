import { useEffect } from 'react'
import { useDidShow } from '@tarojs/taro'
import { walletStore } from '../store'

/**
 * Auto-lock while a holder page is open: checks every few seconds and whenever the page shows
 * again (back from the background or another page). Touches on the page count as activity.
 */
export function useAutoLock(): void {
  useDidShow(() => {
    walletStore.getState().checkAutoLock()
  })
  useEffect(() => {
    const t = setInterval(() => walletStore.getState().checkAutoLock(), 5000)
    return () => clearInterval(t)
  }, [])
}

export const noteActivity = (): void => walletStore.getState().noteActivity()
