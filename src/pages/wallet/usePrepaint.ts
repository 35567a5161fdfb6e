import { useEffect, useLayoutEffect, useRef } from 'react'
import { delegationStore, deviceStore, medpayStore, settingsStore, walletStore, type WalletState } from '../../store'
import type { DelegationLink } from '../../services/api/types'
import { confirmPrepaint, dropPrepaint, handOverPrepaint, keepPrepaint, savedPrepaintFingerprint } from '../../services/platform/prepaint'

interface HomeInputs {
  wallet: Pick<WalletState, 'holder' | 'lock' | 'pinReset' | 'pinResetDone' | 'autoLockSeconds' | 'credentials'>
  careMode: boolean
  delegationLinks: readonly DelegationLink[]
  pendingPayments: number
  devices: number
}

/**
 * What a locked home shows, as a string: the snapshot the next start draws (src/prepaint/boot.js)
 * is dropped as soon as this changes. The times a card was checked (截至 …) are left out, so a sync
 * does not drop it: a drawing can show an older check time for the moment before the page takes over,
 * never a card, a status or a name that is not the wallet's now. The values are not in it: an
 * unlocked wallet holds them unmasked, and a value changes only with a new 证照 (certId) or with an
 * update the card shows (`updated`). Nothing in it is more than the wallet's own blob keeps in the clear.
 */
export function homeFingerprint(i: HomeInputs): string {
  const w = i.wallet
  return JSON.stringify([
    w.holder?.holderId ?? null,
    w.holder?.displayName ?? null,
    w.lock !== null,
    !!w.lock?.bio,
    w.autoLockSeconds,
    !!w.pinReset,
    !!w.pinResetDone,
    w.credentials.map((c) => [c.certId, c.kind, c.status, c.issuerName, c.updated?.at ?? 0, c.replacedCertId ?? '']),
    i.careMode,
    // Which links and their state, not the names in them.
    i.delegationLinks.map((l) => [l.linkId, l.role, l.status, l.purposes]),
    i.pendingPayments,
    i.devices
  ])
}

/** The stores' parts the fingerprint reads, by reference: zustand keeps an unchanged part the same object. */
const fingerprintParts = () => {
  const w = walletStore.getState()
  return [w.holder, w.lock, w.pinReset, w.pinResetDone, w.autoLockSeconds, w.credentials, settingsStore.getState().careMode, delegationStore.getState().links, medpayStore.getState().settlements, deviceStore.getState().devices] as const
}

let memo: { parts: ReturnType<typeof fingerprintParts>; fingerprint: string } | null = null

/**
 * The fingerprint of the stores now. The wallet store changes on every busy flag and progress step;
 * the fingerprint (a JSON of every card) is computed again only when a part it reads has changed.
 */
function currentFingerprint(): string {
  const parts = fingerprintParts()
  if (memo && parts.every((p, i) => p === memo!.parts[i])) return memo.fingerprint
  const [holder, lock, pinReset, pinResetDone, autoLockSeconds, credentials, careMode, links, settlements, devices] = parts
  const fingerprint = homeFingerprint({
    wallet: { holder, lock, pinReset, pinResetDone, autoLockSeconds, credentials },
    careMode,
    delegationLinks: links,
    pendingPayments: settlements.filter((x) => x.status === 'pending').length,
    devices: devices?.length ?? -1
  })
  memo = { parts, fingerprint }
  return fingerprint
}

/**
 * The wallet home's side of the H5 prepaint (src/services/platform/prepaint.h5.ts; nothing on the
 * mini-programs). On the first render it takes over from the drawing; while the page shows what a
 * start shows (`startLike`: locked, nothing loading, no error) and nobody has touched it, it saves
 * the page for the next start; and it drops the saved one as soon as the stores say something else
 * (and, while they agree with it, gives the app-shell worker its copy).
 */
export function usePrepaint(startLike: boolean): void {
  useLayoutEffect(() => handOverPrepaint(), [])
  const startLikeNow = useRef(startLike)
  startLikeNow.current = startLike
  useEffect(() => keepPrepaint(() => (startLikeNow.current ? currentFingerprint() : null)), [])
  useEffect(() => {
    const check = () => {
      const saved = savedPrepaintFingerprint()
      if (saved === null) return
      if (saved !== currentFingerprint()) dropPrepaint()
      else confirmPrepaint()
    }
    check()
    const stores = [walletStore, settingsStore, delegationStore, medpayStore, deviceStore] as const
    const offs = stores.map((s) => (s as { subscribe(f: () => void): () => void }).subscribe(check))
    return () => offs.forEach((off) => off())
  }, [])
}
