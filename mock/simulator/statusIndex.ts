import { deriveBytes } from './keys'

/** Entries per status list: large enough that one index says little about who it is (herd privacy). */
export const STATUS_LIST_SIZE = 131072

/** First free index at or after a 24-bit start. */
function firstFree(start: Uint8Array, taken: Set<number>): number {
  let idx = ((start[0] << 16) | (start[1] << 8) | start[2]) % STATUS_LIST_SIZE
  while (taken.has(idx)) idx = (idx + 1) % STATUS_LIST_SIZE
  return idx
}

/** A seeded certificate's index: derived from the seed, so restarts and other phones agree. Marks it taken. */
export function seededStatusIndex(seed: string, certId: string, taken: Set<number>): number {
  const idx = firstFree(deriveBytes(seed, 'idx:' + certId), taken)
  taken.add(idx)
  return idx
}

/** A fresh index for a credential issued at run time: random, so its position says nothing of when. */
export function freshStatusIndex(random: (n: number) => Uint8Array, taken: Set<number>): number {
  return firstFree(random(3), taken)
}
