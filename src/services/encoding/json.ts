/** A JSON object (not null, not an array): the first check on any parsed blob, token payload or stored state. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
