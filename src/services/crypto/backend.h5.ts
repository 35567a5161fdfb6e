import type { CryptoBackend } from './types'
import { joseBackend } from './jose.node'

export const platformBackend = joseBackend satisfies CryptoBackend
