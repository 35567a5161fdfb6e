import { safeParse, type BaseIssue, type GenericSchema } from 'valibot'

/** The schema check itself, apart from validate.ts (which imports every response schema): the holder client uses it with its own. */

/**
 * The JSON path of an issue, e.g. `$.items[2].status` — never the offending value, which may be
 * personal data.
 */
export function issuePath(issue: BaseIssue<unknown>): string {
  let out = '$'
  for (const item of issue.path ?? []) {
    const key = (item as { key?: unknown }).key
    out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`
  }
  return out
}

/** Null when `value` fits `schema`, else the path of the first mismatch. */
export function schemaMismatch(schema: GenericSchema, value: unknown): string | null {
  const result = safeParse(schema, value, { abortEarly: true })
  return result.success ? null : issuePath(result.issues[0])
}

