// NOTE: Alipay has no WebCrypto: jose fails at import there.
import { randomBytes } from '../platform/random.alipay'
import { nobleJwe, type JweBackend } from './jwe'

export const platformJwe: JweBackend = nobleJwe(randomBytes)
