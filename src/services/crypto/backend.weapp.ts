// NOTE: WeChat has no WebCrypto and no TextEncoder: jose fails at import there.
import type { CryptoBackend } from './types'
import { nobleBackend } from './noble'

export const platformBackend = nobleBackend satisfies CryptoBackend
