import type { GenericSchema } from 'valibot'
import * as generated from './generated/schemas'
import { schemaMismatch } from './validate'

/**
 * Every schema of mock/openapi.yaml by name, for the mock's request checks and the tests. The app
 * never imports this module: looking schemas up by name would ship all of them (request bodies,
 * the mock's own) in the main package; the client checks responses through ./validate.
 */
export type ApiSchemaName = Exclude<keyof typeof generated, 'responseSchemas'>

export { issuePath, schemaMismatch } from './validate'

/** `schemaMismatch` against one of the yaml's named schemas. */
export function apiSchemaMismatch(name: ApiSchemaName, value: unknown): string | null {
  return schemaMismatch(generated[name] as GenericSchema, value)
}
