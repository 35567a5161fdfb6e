import type { CryptoBackend } from './types'
import { joseBackend } from './jose.node'
import { nobleBackend } from './noble'

// NOTE: WebCrypto's `crypto.subtle` exists only in secure contexts (https, localhost, 127.0.0.1).
// A phone that opens `npm start` at http://<LAN address> has none (Chromium and Safari both), and
// jose fails there; the pure-JS backend the mini-programs use takes over (same vectors, see the
// conformance suite). `crypto.getRandomValues` is available in either context.
/** H5's backend, loaded by backend.h5.ts on first use (it is not part of the first screen). */
export const pickedBackend = (typeof globalThis.crypto?.subtle?.digest === 'function' ? joseBackend : nobleBackend) satisfies CryptoBackend
