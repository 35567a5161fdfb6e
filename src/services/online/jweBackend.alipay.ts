// NOTE: Alipay has no WebCrypto: jose fails at import there.
import { randomBytes } from '../platform/random.alipay'
import { nobleJwe } from './jwe'
import type { JweBackend } from './jweCore'

export const platformJwe: JweBackend = nobleJwe(randomBytes)
