import type { MedpayService } from '../../mock/simulator/medpay/service'
import { SimulatorError } from '../../mock/simulator/types'
import type * as Api from '../../src/services/api/types'

/** Fixed 医保支付 answers for the HTTP-layer tests (the service itself is tested on the simulator). */
export const FAKE_SETL_ID = 'S4401002611270000002'
export const FAKE_LINK_ID = 'FL0000003'

const split: Api.MedpaySplit = {
  medfeeSumamt: 2110, fulamtOwnpayAmt: 0, preselfpayAmt: 0, inscpScpAmt: 2110, actPayDedc: 2110, poolPropBp: 6000, hifpPay: 0, overCapSelfpay: 0,
  fundPaySumamt: 0, psnPartAmt: 2110, acctPay: 2110, acctMulaidPay: 0, psnCashPay: 0, balc: 126540
}
const settlement = (status: Api.MedpaySettlementStatus): Api.MedpaySettlement => ({
  setlId: FAKE_SETL_ID, mdtrtId: 'M4401002611270000001', status, medinsNo: 'P44010600512', medinsName: '康民大药房（天河店）', medinsLv: 'pharmacy',
  psnNo: '4400*********5001', psnName: '张*华', insuplc: '广东省广州市', insutype: '310',
  lines: [{ medListCodg: 'XN02BEA010A001010100451', name: '对乙酰氨基酚片', spec: '0.5g×12片', chrgitmLv: '01', pric: 850, cnt: 1, detItemFeeSumamt: 850, fulamtOwnpayAmt: 0, preselfpayAmt: 0, inscpScpAmt: 850 }],
  split, createdAt: '2026-11-27T08:00:00.000Z', ...(status === 'settled' || status === 'refunded' ? { setlTime: '2026-11-27T08:01:00.000Z' } : {})
})
const link: Api.MedpayFamilyLink = { linkId: FAKE_LINK_ID, relation: 'parent', relativeName: '李*英', relativePsnNo: '3300*********8002', insuplc: '浙江省杭州市', status: 'active', createdAt: '2026-11-27T08:00:00.000Z', grants: ['show-code', 'pay'] }
const relativeLink: Api.MedpayRelativeLink = { linkId: FAKE_LINK_ID, relation: 'parent', payerName: '张*华', status: 'active', createdAt: '2026-11-27T08:00:00.000Z', grants: ['show-code', 'pay'] }

export function createFakeMedpay(): MedpayService {
  const known = (setlId: string) => {
    if (setlId !== FAKE_SETL_ID) throw new SimulatorError('ERR_NOT_FOUND', 404, 'settlement')
  }
  return {
    catalogue: () => ({ items: [{ medListCodg: 'XN02BEA010A001010100451', name: '对乙酰氨基酚片', spec: '0.5g×12片', kind: 'drug', chrgitmLv: '01', pric: 850 }] }),
    institutions: () => ({ items: [{ medinsNo: 'P44010600512', name: '康民大药房（天河店）', medinsLv: 'pharmacy', region: '广东省广州市' }] }),
    registerVisit: async (req) => ({
      mdtrtId: 'M4401002611270000001', medinsNo: req.medinsNo, psnNo: '4400*********5001', psnName: '张*华', insuplc: '广东省广州市', insutype: '310',
      insutypeName: '职工基本医疗保险', expiresAt: '2026-11-27T08:30:00.000Z'
    }),
    submitSettlement: () => settlement('pending'),
    getSettlement: (setlId) => (known(setlId), settlement('pending')),
    refund: (setlId) => (known(setlId), settlement('refunded')),
    account: () => ({ psnNo: '4400*********5001', insuplc: '广东省广州市', insutype: '310', insutypeName: '职工基本医疗保险', personalAccount: true, balc: 128650, year: 2026, dedcPaid: 0, hifpPaid: 0, deductible: 20000, annualCap: 400000 }),
    holderSettlements: () => ({ items: [{ ...settlement('pending'), viewerRole: 'patient' }] }),
    confirm: (_h, setlId) => (known(setlId), settlement('settled')),
    decline: (_h, setlId) => (known(setlId), settlement('declined')),
    startFamilyConsent: () => ({ sessionId: 'fs-consent', status: 'pending', expiresAt: '2026-11-27T08:10:00.000Z' }),
    linkFamily: async () => link,
    familyLinks: () => ({ items: [link] }),
    relativeLinks: () => ({ items: [relativeLink] }),
    endRelativeLink: (_h, linkId) => {
      if (linkId !== FAKE_LINK_ID) throw new SimulatorError('ERR_NOT_FOUND', 404, 'link')
      return { ...relativeLink, status: 'removed', endedAt: '2026-11-27T09:00:00.000Z' }
    },
    familyCredentials: async (_h, linkId) => {
      if (linkId !== FAKE_LINK_ID) throw new SimulatorError('ERR_NOT_FOUND', 404, 'link')
      return { purpose: 'pharmacy', sets: [{ credentials: ['AQID'] }], kinds: ['medical-insurance'], expiresAt: '2026-12-04T00:00:00.000Z' }
    },
    reset: () => undefined,
    exportState: () => {
      throw new Error('the fake medical-insurance platform keeps no state to save')
    },
    importState: () => {
      throw new Error('the fake medical-insurance platform keeps no state to load')
    }
  }
}
