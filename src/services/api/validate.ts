import { safeParse, type BaseIssue, type GenericSchema } from 'valibot'
import { responseSchemas } from './generated/schemas'
import type { OperationId } from './operations'

/**
 * Runtime checks of API bodies by the valibot schemas generated from mock/openapi.yaml
 * (`npm run gen:api`, ./generated/schemas.ts). Unknown properties are allowed (the server may add
 * fields); callers keep the value as it came.
 */

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

/** `schemaMismatch` against the schema of an operation's 2xx body (the client's check). */
export function responseMismatch(operationId: OperationId, value: unknown): string | null {
  return schemaMismatch(responseSchemas[operationId] as GenericSchema, value)
}
