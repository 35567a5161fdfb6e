/**
 * The purposes a holder presents for (亮证): one registry. Each entry is what every layer needs to
 * know of a purpose; its Chinese words are in ./purposeText.ts, the certificates that fill it are
 * named by each kind's disclosure presets (src/certs/<kind>/index.ts), and the verifier roles that
 * check it list it in ./roles.ts.
 *
 * A new purpose: one entry here, its text, a preset in each kind that fills it, and the role that
 * checks it. The API contract (mock/openapi.yaml) lists the ids too.
 */
export interface PurposeEntry {
  /** Stable id used by the API, the command-line tools and persisted state. */
  id: string
  /** One byte in the CW1 purpose credential (docs/presentation-format.md); never reused. */
  code: number
  /** Offered on the holder's 亮证 picker (the others are presented only when asked for). */
  presentable: boolean
}

export const PURPOSES = [
  { id: 'traffic-stop', code: 1, presentable: true },
  { id: 'hotel', code: 2, presentable: true },
  { id: 'age-over-18', code: 3, presentable: true },
  { id: 'pharmacy', code: 4, presentable: true },
  { id: 'degree', code: 5, presentable: true },
  { id: 'employment', code: 6, presentable: false }
] as const satisfies readonly PurposeEntry[]

/** Purposes a holder can present for; ids are used by the command-line tools too. */
export type PurposeId = (typeof PURPOSES)[number]['id']

export const PURPOSE_IDS: readonly PurposeId[] = PURPOSES.map((p) => p.id)

/** Purposes offered on the 亮证 picker, in the order shown. */
export const PRESENTABLE_PURPOSES: readonly PurposeId[] = PURPOSES.filter((p) => p.presentable).map((p) => p.id)

export function isPurposeId(value: unknown): value is PurposeId {
  return typeof value === 'string' && (PURPOSE_IDS as readonly string[]).includes(value)
}

/** Wire code of each purpose (CW1 purpose credential). */
export const PURPOSE_CODES = Object.fromEntries(PURPOSES.map((p) => [p.id, p.code])) as Record<PurposeId, number>

/** The purpose a wire code stands for (`undefined` for an unknown code). */
export const PURPOSE_BY_CODE = Object.fromEntries(PURPOSES.map((p) => [p.code, p.id])) as Record<number, PurposeId>
