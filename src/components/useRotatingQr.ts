import { useCallback, useEffect, useRef, useState } from 'react'

const nowSec = () => Math.floor(Date.now() / 1000)

export interface RotatingQrOptions {
  /** Makes the next code (a fresh device proof); the store keeps the result. */
  make: () => Promise<unknown>
  /** When the code on screen was made (seconds), null while there is none. */
  presentedAt: number | null
  /** A code is remade this long after it was made. */
  refreshSeconds: number
  /** Make the first code now (false while the wallet is locked: the proof needs the device key). */
  enabled?: boolean
}

/**
 * A QR that renews itself: the first code when `enabled`, a new one every `refreshSeconds`, and
 * at once when the app comes back from the background with the code overdue (timers paused
 * there). One code is made at a time.
 * @example const { remaining, remake } = useRotatingQr({ make, presentedAt: qr?.presentedAt ?? null, refreshSeconds: 30 })
 */
export function useRotatingQr({ make, presentedAt, refreshSeconds, enabled = true }: RotatingQrOptions): { remaining: number; remake: () => Promise<void> } {
  const [now, setNow] = useState(nowSec())
  const making = useRef(false)

  const remake = useCallback(async () => {
    if (making.current) return
    making.current = true
    try {
      await make()
    } finally {
      making.current = false
      setNow(nowSec())
    }
  }, [make])

  useEffect(() => {
    const timer = setInterval(() => setNow(nowSec()), 1000)
    return () => clearInterval(timer)
  }, [])

  useEffect(() => {
    if (enabled) void remake()
  }, [enabled, remake])

  const remaining = presentedAt === null ? refreshSeconds : Math.max(0, refreshSeconds - (now - presentedAt))
  useEffect(() => {
    if (presentedAt !== null && remaining <= 0) void remake()
  }, [presentedAt, remaining, remake])

  return { remaining, remake }
}
