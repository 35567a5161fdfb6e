// NOTE: Alipay has no WebCrypto and no reliable TextEncoder: jose fails at import there.
import type { CryptoBackend } from './types'
import { nobleBackend } from './noble'

export const platformBackend = nobleBackend satisfies CryptoBackend
