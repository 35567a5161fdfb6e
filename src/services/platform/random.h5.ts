import type { randomBytes as Api } from './random'

export const randomBytes: typeof Api = async (length) => globalThis.crypto.getRandomValues(new Uint8Array(length))
