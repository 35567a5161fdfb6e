import { base45Decode, ByteReader, decodeCredentialBody, PRESENTATION_PREFIX, presentationReplayId, verifyPresentation } from '../coreImports'
import { currentStatus } from './certificates'
import type { SimulatorContext } from './context'
import { deactivatedKeys, holderOfDevice } from './devices'
import { startConsentSession, takeFamilyConsent } from './face'
import { createMedpayService, type InsuredPerson, type MedpayService } from './medpay/service'
import { purposeBatch } from './purpose'
import { statusAnswer } from './status'
import { trustListPayload } from './trust'
import { SimulatorError } from './types'

/** 医保电子凭证: the kind whose claims (人员编号, 参保地, 险种) the payment platform runs on. */
const MEDICAL_INSURANCE = 'medical-insurance'

/** The device key x a CW1 presentation's credentials name (all name the same one once verified). */
function presentationDeviceX(ctx: SimulatorContext, text: string): string {
  const all = base45Decode(text.slice(PRESENTATION_PREFIX.length))
  const r = new ByteReader(all.subarray(0, all.length - 64))
  r.u8()
  r.u8()
  const raw = r.lenBytes(2048)
  return decodeCredentialBody(raw.subarray(0, raw.length - 64), ctx.registry).deviceKey.x
}

/** The insured people as the platform knows them, from their current e-voucher records. */
function insured(ctx: SimulatorContext): InsuredPerson[] {
  return [...ctx.state.certs.values()]
    .filter((r) => r.kind === MEDICAL_INSURANCE && r.status !== 'superseded')
    .map((r) => {
      const c = r.claims
      const type = String(c.insurance_type ?? '')
      return {
        holderId: r.holderId,
        psnNo: String(c.insured_person_number),
        name: String(c.name),
        region: String(c.insured_region),
        insutype: type.includes('居民') ? '390' : '310',
        retired: type.includes('退休'),
        active: currentStatus(ctx, r) === 'valid' && c.insured_status === '正常参保',
        mutualAid: c.family_mutual_aid_flag === true
      }
    })
}

/**
 * 医保支付 (mock/simulator/medpay) wired to the rest of the simulator: it verifies 医保码 against
 * the same trust list, status entries and device registry, and opens 亲情账户 consent face sessions
 * (consent only: redeemed into a link, never into a token).
 */
export function createSimulatedMedpay(ctx: SimulatorContext): MedpayService {
  return createMedpayService({
    now: ctx.now,
    random: ctx.random,
    async verifyCode(text) {
      const verified = await verifyPresentation(text, {
        trust: trustListPayload(ctx),
        registry: ctx.registry,
        backend: ctx.backend,
        now: ctx.nowSec(),
        purposes: ['pharmacy'],
        status: async ({ listId, idx, issuer }) => statusAnswer(ctx, listId, idx, issuer),
        isDeviceDeactivated: (x) => deactivatedKeys(ctx).has(x)
      })
      const cert = verified.certs.find((c) => c.kind === MEDICAL_INSURANCE)
      if (!cert) throw new SimulatorError('ERR_PURPOSE_MISMATCH', 400, 'no-medical-insurance')
      return { claims: cert.claims, deviceKeyX: presentationDeviceX(ctx, text) }
    },
    codeId: (text) => presentationReplayId(text, ctx.backend),
    holderOfDevice: (x) => holderOfDevice(ctx, x),
    insured: () => insured(ctx),
    startConsent: (payerHolderId, name, idNumber) => startConsentSession(ctx, payerHolderId, name, idNumber),
    takeConsent: (payerHolderId, sessionId, body) => takeFamilyConsent(ctx, payerHolderId, sessionId, body),
    issueRelativeCredentials: (relativeHolderId, deviceKey, count) => purposeBatch(ctx, relativeHolderId, 'pharmacy', deviceKey, count, false)
  })
}
