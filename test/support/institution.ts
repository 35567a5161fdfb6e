/**
 * An enrolled institution for tests: the seeded activation code of a registered 用证单位 /
 * 定点医药机构, a fresh key pair, and a signer for its calls — what the app's verifier and counter
 * modes hold after enrolment.
 */
import { seedActivationCodes } from '../../mock/simulator/institutions'
import { SEED_INSTITUTIONS } from '../../mock/simulator/institutionSeed'
import { keyPairFromSecret, sm2KeyPairFromSecret } from '../../src/services/crypto'
import { joseBackend } from '../../src/services/crypto/jose.node'
import type { CryptoBackend } from '../../src/services/crypto/types'
import { createInstitutionSigner, type InstitutionSigner } from '../../src/services/institution/requestSignature'
import type { InstitutionEnrolment } from '../../src/services/institution/types'
import { randomBytes } from '../../src/services/platform/random'

/** Seeded institutions by what tests call them. */
export const INSTITUTIONS = {
  police: '11440100MB2C3914XQ',
  hotel: '91440106MA5CXK3L2H',
  employer: '91440101MA9W7PKH88',
  /** 康民大药房（天河店）, P44010600512 */
  pharmacy: '52440106MJL1083N62',
  /** 天河区石牌街社区卫生服务中心, H44010600087 */
  clinic: '12440106MB2D1052CE',
  /** 广州市第一人民医院, H44010400031 */
  hospital: '12440100455351236N'
} as const
export type InstitutionName = keyof typeof INSTITUTIONS

/** The default seed's activation code of a seeded institution. */
export function activationCodeOf(name: InstitutionName, seed = 'certwallet-simulator-seed-v1'): string {
  return seedActivationCodes(seed).find((c) => c.id === INSTITUTIONS[name])!.activationCode
}

/** A test institution keeps its key in the clear (no holder vault on a test's phone). */
export type ClearEnrolment = InstitutionEnrolment & { privateJwk: import('../../src/services/crypto/types').EcPrivateJwk }

export interface TestInstitution {
  enrolment: ClearEnrolment
  signer: InstitutionSigner
}

/** The enrolment answer plus the key pair made for it, as the app keeps it. */
function toEnrolment(
  r: { id: string; name: string; role: InstitutionEnrolment['role']; purposes: string[]; medinsNo?: string; enrolledAt: string },
  keys: Pick<ClearEnrolment, 'privateJwk' | 'publicJwk'>
): ClearEnrolment {
  return { institutionId: r.id, name: r.name, role: r.role, purposes: r.purposes, ...(r.medinsNo ? { medinsNo: r.medinsNo } : {}), enrolledAt: Date.parse(r.enrolledAt), ...keys }
}

/**
 * Enrols a seeded institution directly on `sim` (no HTTP) with a fresh key, and returns its signer.
 * `now` is the clock the signer stamps `iat` with (the simulator's, by default).
 */
export function enrolOnSimulator(
  sim: { enrolInstitution(code: string, key: import('../../src/services/crypto/types').EcPublicJwk): { id: string; name: string; role: InstitutionEnrolment['role']; purposes: string[]; medinsNo?: string; enrolledAt: string }; now(): Date },
  name: InstitutionName,
  options: { seed?: string; backend?: CryptoBackend; now?: () => number } = {}
): TestInstitution {
  const { privateJwk, publicJwk } = keyPairFromSecret(globalThis.crypto.getRandomValues(new Uint8Array(48)))
  const r = sim.enrolInstitution(activationCodeOf(name, options.seed), publicJwk)
  const enrolment = toEnrolment(r, { privateJwk, publicJwk })
  const signer = createInstitutionSigner(enrolment, { backend: options.backend ?? joseBackend, randomBytes, now: options.now ?? (() => sim.now().getTime()) })
  return { enrolment, signer }
}

export { SEED_INSTITUTIONS }

/** Enrols a seeded institution through the API (as the app does), signing with clock `now` (ms). */
export async function enrolOverHttp(
  api: { enrolInstitution(code: string, key: import('../../src/services/crypto/types').EcPublicJwk): Promise<import('../../src/services/api/types').InstitutionEnrolment> },
  name: InstitutionName,
  now: () => number = () => Date.now(),
  curve: import('../../src/services/crypto/types').Curve = 'P-256'
): Promise<TestInstitution> {
  const { privateJwk, publicJwk } = (curve === 'SM2' ? sm2KeyPairFromSecret : keyPairFromSecret)(globalThis.crypto.getRandomValues(new Uint8Array(48)))
  const r = await api.enrolInstitution(activationCodeOf(name), publicJwk)
  const enrolment = toEnrolment(r, { privateJwk, publicJwk })
  return { enrolment, signer: createInstitutionSigner(enrolment, { backend: joseBackend, randomBytes, now }) }
}

type Medpay = import('../../src/services/api/client').ApiClient['medpay']

/**
 * The client's counter calls with the signer chosen by 定点医药机构编码 (the test names the
 * institution in the body as before); `getSettlement` without a viewer reads as `fallback`.
 */
export function signedMedpay(medpay: Medpay, signers: () => Record<string, InstitutionSigner>, fallback: () => InstitutionSigner) {
  const by = (medinsNo: string) => signers()[medinsNo] ?? fallback()
  return {
    ...medpay,
    registerVisit: (input: Parameters<Medpay['registerVisit']>[0], key: string, signer?: InstitutionSigner) => medpay.registerVisit(input, key, signer ?? by(input.medinsNo)),
    submitSettlement: (input: Parameters<Medpay['submitSettlement']>[0], key: string, signer?: InstitutionSigner) => medpay.submitSettlement(input, key, signer ?? by(input.medinsNo)),
    getSettlement: (setlId: string, as?: Parameters<Medpay['getSettlement']>[1]) => medpay.getSettlement(setlId, as ?? fallback()),
    refund: (setlId: string, input: Parameters<Medpay['refund']>[1], key: string, signer?: InstitutionSigner) => medpay.refund(setlId, input, key, signer ?? by(input.medinsNo))
  }
}
