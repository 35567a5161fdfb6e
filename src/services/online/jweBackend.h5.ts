import { randomBytes } from '../platform/random.h5'
import { joseJwe } from './jwe.node'
import { nobleJwe, type JweBackend } from './jwe'

// As crypto/backend.h5.ts: no crypto.subtle outside secure contexts (a phone on http://<LAN>): noble then.
export const platformJwe: JweBackend = typeof globalThis.crypto?.subtle?.deriveBits === 'function' ? joseJwe : nobleJwe(randomBytes)
