import { presentationReplayId, verifyPresentation } from '../coreImports'
import { currentStatus } from './certificates'
import type { SimulatorContext } from './context'
import { deactivatedKeys, holderOfDevice, presentationKeyX } from './devices'
import { startConsentSession, takeFamilyConsent } from './face'
import { createMedpayService, type InsuredPerson, type MedpayService } from './medpay/service'
import { purposeBatch } from './purpose'
import { statusAnswer } from './status'
import { trustListPayload } from './trust'
import { SimulatorError } from './types'

/** 医保电子凭证: the kind whose claims (人员编号, 参保地, 险种) the payment platform runs on. */
const MEDICAL_INSURANCE = 'medical-insurance'


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
      return { claims: cert.claims, deviceKeyX: presentationKeyX(ctx, text) }
    },
    codeId: (text) => presentationReplayId(text, ctx.backend),
    holderOfDevice: (x) => holderOfDevice(ctx, x),
    insured: () => insured(ctx),
    startConsent: (payerHolderId, name, idNumber) => startConsentSession(ctx, payerHolderId, name, idNumber),
    takeConsent: (payerHolderId, sessionId, body) => takeFamilyConsent(ctx, payerHolderId, sessionId, body),
    issueRelativeCredentials: (relativeHolderId, deviceKey, keys) => purposeBatch(ctx, relativeHolderId, 'pharmacy', deviceKey, keys, false)
  })
}
