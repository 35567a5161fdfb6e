/**
 * The H5 prepaint (src/prepaint/boot.js, prepaint.h5.ts): the wallet home drawn from a snapshot
 * before the app's JavaScript has run. The mini-programs and jest have no index.html and no
 * snapshot: nothing to hand over, nothing to save.
 */

/**
 * The real home has rendered (or, with `failed`, the app could not start): remove the drawing and
 * give the home the taps made on it.
 */
export function handOverPrepaint(_failed?: boolean): void {}

/** The fingerprint of the saved snapshot, or null when there is none. */
export function savedPrepaintFingerprint(): string | null {
  return null
}

/** Forgets the snapshot (what it shows has changed). */
export function dropPrepaint(): void {}

/** The saved snapshot still shows what the home shows now: the app-shell worker gets its copy of it, once a run. */
export function confirmPrepaint(): void {}

/**
 * Saves the home for the next start whenever it has been still for a moment, `fingerprint()` is not
 * null (the page shows what a start shows) and nobody has touched it since the app started.
 * Returns the function that stops it.
 */
export function keepPrepaint(_fingerprint: () => string | null): () => void {
  return () => undefined
}
