import { p256 } from '../crypto/p256'
import { hkdf } from '@noble/hashes/hkdf'
import { sha256 } from '@noble/hashes/sha256'
import { keyPairFromSecret } from '../crypto/noble'
import { base64urlDecode, base64urlEncode, utf8Decode, utf8Encode } from '../encoding'
import { open, seal } from './pinLock'

/**
 * The wallet's vault: the secret parts of the wallet (device private key, full credentials and
 * claims, purpose credentials) are sealed to the vault's public key, so the wallet can store what
 * a background sync or claim brings while it is locked; only the vault's private key, derived
 * from the data key (DEK) that a PIN or biometric unlock releases, opens them.
 *
 * Sealed box: ephemeral P-256 ECDH with the vault key, HKDF-SHA256, XChaCha20-Poly1305.
 *   base64url( ephemeralPublic(33, compressed) ‖ nonce(24) ‖ ciphertext+tag )
 * Pure JS (noble): it runs in WeChat and Alipay, which have no WebCrypto.
 */

const INFO = utf8Encode('certwallet-vault-v1')

export interface VaultKeys {
  /** 32-byte private scalar (kept in memory only while unlocked). */
  privateKey: Uint8Array
  /** Compressed public key, base64url: stored in the clear. */
  publicKey: string
}

/** The vault key pair a DEK stands for (deterministic: the DEK is the only secret to keep). */
export function vaultKeysFromDek(dek: Uint8Array): VaultKeys {
  const { privateJwk } = keyPairFromSecret(dek)
  const privateKey = base64urlDecode(privateJwk.d)
  return { privateKey, publicKey: base64urlEncode(p256.getPublicKey(privateKey, true)) }
}

function boxKey(shared: Uint8Array, ephemeralPublic: Uint8Array): Uint8Array {
  return hkdf(sha256, shared.subarray(1), ephemeralPublic, INFO, 32)
}

/** Seals `plaintext` to the vault public key; needs no unlock. */
export function sealTo(vaultPublicKey: string, plaintext: Uint8Array, random: (n: number) => Uint8Array): string {
  const eph = keyPairFromSecret(random(32)).privateJwk
  const ephPriv = base64urlDecode(eph.d)
  const ephPub = p256.getPublicKey(ephPriv, true)
  const shared = p256.getSharedSecret(ephPriv, base64urlDecode(vaultPublicKey), true)
  const body = base64urlDecode(seal(boxKey(shared, ephPub), plaintext, random))
  const out = new Uint8Array(33 + body.length)
  out.set(ephPub)
  out.set(body, 33)
  return base64urlEncode(out)
}

/** Opens a `sealTo` box with the vault private key; null when it is not ours or was changed. */
export function openWith(vaultPrivateKey: Uint8Array, sealed: string): Uint8Array | null {
  try {
    const bytes = base64urlDecode(sealed)
    if (bytes.length < 33 + 24 + 16) return null
    const ephPub = bytes.subarray(0, 33)
    const shared = p256.getSharedSecret(vaultPrivateKey, ephPub, true)
    return open(boxKey(shared, ephPub), base64urlEncode(bytes.subarray(33)))
  } catch {
    return null
  }
}

export function sealJsonTo(vaultPublicKey: string, value: unknown, random: (n: number) => Uint8Array): string {
  return sealTo(vaultPublicKey, utf8Encode(JSON.stringify(value)), random)
}

export function openJsonWith<T>(vaultPrivateKey: Uint8Array, sealed: string): T | null {
  const bytes = openWith(vaultPrivateKey, sealed)
  if (!bytes) return null
  try {
    return JSON.parse(utf8Decode(bytes)) as T
  } catch {
    return null
  }
}
