import type { GenericSchema } from 'valibot'
import { responseSchemas } from './generated/schemas'
import type { OperationId } from './operations'
import { schemaMismatch } from './schemaCheck'

export { issuePath, schemaMismatch } from './schemaCheck'

/**
 * Runtime checks of API bodies by the valibot schemas generated from mock/openapi.yaml
 * (`npm run gen:api`, ./generated/schemas.ts). Unknown properties are allowed (the server may add
 * fields); callers keep the value as it came.
 */

/** `schemaMismatch` against the schema of an operation's 2xx body (the client's check). */
export function responseMismatch(operationId: OperationId, value: unknown): string | null {
  return schemaMismatch(responseSchemas[operationId] as GenericSchema, value)
}
