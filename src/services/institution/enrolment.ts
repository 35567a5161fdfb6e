import { keyPairFromSecret } from '../crypto/noble'
import type { CryptoBackend } from '../crypto/types'
import { WalletError } from '../errors'
import type { InstitutionEnrolment as ApiEnrolment } from '../api/types'
import type { EcPublicJwk } from '../crypto/types'
import { createInstitutionSigner, type InstitutionSigner } from './requestSignature'
import { INSTITUTION_ROLES, type InstitutionEnrolment, type InstitutionKeyVault } from './types'
import type { EcPrivateJwk } from '../crypto/types'

/**
 * Enrols this device as an institution: a fresh P-256 key pair from the platform CSPRNG (48 bytes
 * reduced mod n, so the bias is negligible), its public half sent with the activation code. The
 * private half never leaves the device; the caller keeps the returned enrolment in its store —
 * sealed to the holder vault when the phone has one (then it signs only while the wallet is
 * unlocked), else in the clear (README, 机构密钥).
 */
export async function enrolDevice(
  api: { enrolInstitution(activationCode: string, publicKey: EcPublicJwk): Promise<ApiEnrolment> },
  activationCode: string,
  randomBytes: (n: number) => Promise<Uint8Array>,
  vault?: InstitutionKeyVault
): Promise<InstitutionEnrolment> {
  const code = activationCode.trim()
  if (!code) throw new WalletError('ERR_ACTIVATION_CODE_INVALID', { detail: 'empty' })
  const { privateJwk, publicJwk } = keyPairFromSecret(await randomBytes(48))
  const r = await api.enrolInstitution(code, publicJwk)
  return {
    institutionId: r.id,
    name: r.name,
    role: r.role,
    purposes: [...r.purposes],
    ...(r.medinsNo ? { medinsNo: r.medinsNo } : {}),
    enrolledAt: Date.parse(r.enrolledAt),
    ...(await keepPrivate({ kty: 'EC', crv: 'P-256', x: privateJwk.x, y: privateJwk.y, d: privateJwk.d }, vault)),
    publicJwk: { kty: 'EC', crv: 'P-256', x: publicJwk.x, y: publicJwk.y }
  }
}

async function keepPrivate(privateJwk: EcPrivateJwk, vault?: InstitutionKeyVault): Promise<Pick<InstitutionEnrolment, 'privateJwk' | 'sealedPrivateJwk'>> {
  if (vault?.hasVault()) return { sealedPrivateJwk: await vault.sealSecret(privateJwk) }
  return { privateJwk }
}

const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0
const B64U_32 = /^[A-Za-z0-9_-]{43}$/

/** A persisted enrolment rebuilt field by field; null when anything is off (the device must enrol again). */
export function parseEnrolment(v: unknown): InstitutionEnrolment | null {
  if (typeof v !== 'object' || v === null) return null
  const e = v as Record<string, unknown>
  const k = e.privateJwk as Record<string, unknown> | undefined
  const p = e.publicJwk as Record<string, unknown> | undefined
  if (!isStr(e.institutionId) || !isStr(e.name) || !INSTITUTION_ROLES.includes(e.role as never) || !Array.isArray(e.purposes) || !e.purposes.every(isStr)) return null
  if (typeof e.enrolledAt !== 'number' || !Number.isFinite(e.enrolledAt) || (e.medinsNo !== undefined && !isStr(e.medinsNo))) return null
  if (!p || ![p.x, p.y].every((x) => typeof x === 'string' && B64U_32.test(x))) return null
  const sealed = typeof e.sealedPrivateJwk === 'string' && e.sealedPrivateJwk.length > 0 ? e.sealedPrivateJwk : null
  // Exactly one form of the private key: sealed, or (no vault) in the clear and matching the public key.
  if (sealed ? k !== undefined : !k || ![k.x, k.y, k.d].every((x) => typeof x === 'string' && B64U_32.test(x)) || k.x !== p.x || k.y !== p.y) return null
  return {
    institutionId: e.institutionId,
    name: e.name,
    role: e.role as InstitutionEnrolment['role'],
    purposes: [...(e.purposes as string[])],
    ...(e.medinsNo ? { medinsNo: e.medinsNo as string } : {}),
    enrolledAt: e.enrolledAt,
    ...(sealed ? { sealedPrivateJwk: sealed } : { privateJwk: { kty: 'EC' as const, crv: 'P-256' as const, x: k!.x as string, y: k!.y as string, d: k!.d as string } }),
    publicJwk: { kty: 'EC', crv: 'P-256', x: p.x as string, y: p.y as string }
  }
}

/**
 * The signer of an enrolled device, or ERR_NOT_ENROLLED. A sealed key is opened at each signature:
 * ERR_LOCKED while the holder wallet is locked (nothing is sent).
 */
export function signerFor(
  enrolment: InstitutionEnrolment | null,
  deps: { backend: CryptoBackend; randomBytes: (n: number) => Promise<Uint8Array>; now: () => number; vault?: InstitutionKeyVault }
): InstitutionSigner {
  if (!enrolment) throw new WalletError('ERR_NOT_ENROLLED')
  const sealed = enrolment.sealedPrivateJwk
  const clear = enrolment.privateJwk
  const privateJwk = (): EcPrivateJwk => {
    if (clear) return clear
    const opened = sealed && deps.vault ? deps.vault.openSecret<EcPrivateJwk>(sealed) : null
    if (!opened || opened.x !== enrolment.publicJwk.x) throw new WalletError('ERR_LOCKED', { detail: 'institution-key' })
    return opened
  }
  if (!clear) privateJwk() // fail before any request while locked
  return createInstitutionSigner({ institutionId: enrolment.institutionId, privateJwk }, deps)
}
