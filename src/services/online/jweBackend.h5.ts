import { WalletError } from '../errors'
import { webCryptoJwe } from './jwe.webcrypto'
import type { JweBackend } from './jweCore'

// H5: WebCrypto's ECDH and AES-GCM (./jwe.webcrypto.ts). crypto.subtle exists only in secure contexts
// (https, localhost): a phone on http://<LAN address> cannot answer an online request (signatures fall
// back to pure JS there, but a pure-JS AES would push the H5 bundle past its budget), and is told so.
export const platformJwe: JweBackend =
  typeof globalThis.crypto?.subtle?.deriveBits === 'function'
    ? webCryptoJwe
    : {
        name: 'webcrypto',
        encrypt: async () => {
          throw new WalletError('ERR_PLATFORM_UNSUPPORTED', { detail: 'no-webcrypto' })
        },
        decrypt: async () => {
          throw new WalletError('ERR_PLATFORM_UNSUPPORTED', { detail: 'no-webcrypto' })
        }
      }
