// NOTE: WeChat has no WebCrypto: jose fails at import there.
import { randomBytes } from '../platform/random.weapp'
import { nobleJwe } from './jwe'
import type { JweBackend } from './jweCore'

export const platformJwe: JweBackend = nobleJwe(randomBytes)
