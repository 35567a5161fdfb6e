import { createStore, type StoreApi } from 'zustand/vanilla'
import { persist } from 'zustand/middleware'
import { toWalletError, WalletError, type ErrorCode } from '../../../services/errors'
import type { ApiClient } from '../../../services/api/client'
import type { MedpayCatalogueItem, MedpayInstitution, MedpaySettlement, MedpayVisit } from '../../../services/api/types'
import { base64urlEncode, isObject } from '../../../services/encoding'
import { persistedOptions, type BlobStorage } from '../../../store/persisted'
import type { CryptoBackend, EcPublicJwk } from '../../../services/crypto/types'
import { enrolDevice, parseEnrolment, signerFor } from '../../../services/institution/enrolment'
import { findInstitution, verifyInstitutionRegistry } from '../../../services/institution/registry'
import type { InstitutionEnrolment, InstitutionKeyVault } from '../../../services/institution/types'

/** Settlements the counter keeps for refunds and reconciliation (masked names only), newest first. */
export const MAX_POS_SETTLEMENTS = 50

type PosApi = Pick<ApiClient['medpay'], 'catalogue' | 'institutions' | 'registerVisit' | 'submitSettlement' | 'getSettlement' | 'refund'>

/** Everything the point-of-sale store needs from outside; the app passes platform defaults, tests fakes. */
export interface PosDeps {
  api: { medpay: PosApi } & Pick<ApiClient, 'enrolInstitution'> & Partial<Pick<ApiClient, 'institutionRegistry'>>
  /** Signs every counter call with the enrolled institution key. */
  backend: CryptoBackend
  /**
   * The holder wallet's vault: when the phone has one, the institution key is sealed to it and the
   * counter signs only while the wallet is unlocked (ERR_LOCKED otherwise). Absent: kept in the clear.
   */
  vault?: InstitutionKeyVault
  /** Pinned national root keys: the institution registry is verified with them (absent: not fetched). */
  rootKeys?: readonly EcPublicJwk[]
  randomBytes: (n: number) => Promise<Uint8Array>
  now: () => number
  storage: BlobStorage
  storageKey?: string
}

export interface CartLine {
  medListCodg: string
  cnt: number
}

/**
 * Idempotency keys of actions sent but maybe not answered. Each is kept until its action is
 * answered, so a retry (even after a restart) can never act twice.
 */
export interface PosKeys {
  /** The scanned code → the key of its 就诊登记. */
  visit: { code: string; key: string } | null
  /** The submitted cart of a visit → its key. */
  submit: { mdtrtId: string; cart: string; key: string } | null
  refunds: Record<string, string>
}

export interface PersistedPos {
  version: 1
  /**
   * This counter's enrolment as a 定点医药机构 (its key pair included). Kept in plain storage: see
   * the README (机构密钥) for what that means. Null until enrolled: no payments without it.
   */
  enrolment: InstitutionEnrolment | null
  /** The root-signed institution registry as last downloaded (its JWS; verified before it is kept). */
  institutionRegistry: { jws: string; fetchedAt: number } | null
  medinsNo: string | null
  settlements: MedpaySettlement[]
  keys: PosKeys
}

export const POS_DEFAULTS: PersistedPos = { version: 1, enrolment: null, institutionRegistry: null, medinsNo: null, settlements: [], keys: { visit: null, submit: null, refunds: {} } }

export interface PosState extends PersistedPos {
  catalogue: MedpayCatalogueItem[]
  institutions: MedpayInstitution[]
  visit: MedpayVisit | null
  cart: CartLine[]
  /** The settlement of this visit, as last seen (pending → settled / declined). */
  current: MedpaySettlement | null
  busy: 'load' | 'enrol' | 'scan' | 'submit' | 'poll' | 'refund' | null
  error: ErrorCode | null
  storageProblem: string | null

  load(): Promise<boolean>
  /** Enrols this counter with the activation code its 定点医药机构 was issued (once). */
  enrol(activationCode: string): Promise<boolean>
  /** Kept for old callers: the institution is the enrolled one, whatever is chosen here. */
  setInstitution(medinsNo: string): void
  /** 就诊登记 with a scanned 医保码. */
  scan(code: string): Promise<MedpayVisit | null>
  addItem(medListCodg: string): void
  setCount(medListCodg: string, cnt: number): void
  /** Submits the cart; the patient must confirm on their phone. */
  submit(): Promise<MedpaySettlement | null>
  /** Asks whether the patient has confirmed (or declined). */
  poll(): Promise<MedpaySettlement | null>
  refund(setlId: string): Promise<MedpaySettlement | null>
  /** Next patient: forget this visit and cart (receipts stay). */
  nextPatient(): void
  clearError(): void
}

export type PosStore = StoreApi<PosState>

/** Validates a persisted blob; anything unreadable falls back to defaults and is reported, never thrown. */
export function tryParsePos(value: unknown): { state: PersistedPos; problem: string | null } {
  if (value === undefined || value === null) return { state: POS_DEFAULTS, problem: null }
  if (!isObject(value) || value.version !== 1) return { state: POS_DEFAULTS, problem: 'version' }
  const settlements = Array.isArray(value.settlements) ? value.settlements.filter((s) => isObject(s) && typeof s.setlId === 'string' && isObject(s.split)) : []
  const k = isObject(value.keys) ? value.keys : {}
  const keys: PosKeys = {
    visit: isObject(k.visit) && typeof k.visit.code === 'string' && typeof k.visit.key === 'string' ? (k.visit as PosKeys['visit']) : null,
    submit: isObject(k.submit) && typeof k.submit.key === 'string' && typeof k.submit.cart === 'string' ? (k.submit as PosKeys['submit']) : null,
    refunds: isObject(k.refunds) ? (Object.fromEntries(Object.entries(k.refunds).filter(([, v]) => typeof v === 'string')) as Record<string, string>) : {}
  }
  return {
    state: {
      version: 1,
      enrolment: parseEnrolment(value.enrolment),
      institutionRegistry: isObject(value.institutionRegistry) && typeof value.institutionRegistry.jws === 'string' && typeof value.institutionRegistry.fetchedAt === 'number' ? { jws: value.institutionRegistry.jws, fetchedAt: value.institutionRegistry.fetchedAt } : null,
      medinsNo: typeof value.medinsNo === 'string' ? value.medinsNo : null, settlements: settlements as MedpaySettlement[], keys },
    problem: Array.isArray(value.settlements) && settlements.length === value.settlements.length ? null : 'entries'
  }
}

/** Total of a cart at catalogue prices (fen). */
export function cartTotal(cart: readonly CartLine[], catalogue: readonly MedpayCatalogueItem[]): number {
  return cart.reduce((sum, l) => sum + (catalogue.find((c) => c.medListCodg === l.medListCodg)?.pric ?? 0) * l.cnt, 0)
}

/**
 * The pharmacy / hospital counter (verifier mode, role 药店/医院): scan the 医保码, ring up items
 * from the platform's catalogue, submit, wait for the patient's confirmation, refund. Every write
 * carries an Idempotency-Key kept until it is answered.
 */
export function createPosStore(deps: PosDeps): PosStore {
  return createStore<PosState>()(
    persist(
      (set, get) => {
        const fail = (e: unknown): null => {
          set({ error: toWalletError(e).code, busy: null })
          return null
        }
        const newKey = async () => 'pos-' + base64urlEncode(await deps.randomBytes(18))
        /** The enrolled 定点医药机构: its 编码 and the signer of its calls. No enrolment, no payments. */
        const medinsNo = () => {
          const e = get().enrolment
          if (!e) throw new WalletError('ERR_NOT_ENROLLED')
          if (!e.medinsNo) throw new WalletError('ERR_INSTITUTION_FORBIDDEN', { detail: 'not-a-medins' })
          return e.medinsNo
        }
        /**
         * The root-signed registry (best effort): kept once verified; when it no longer lists this
         * counter's key (re-enrolled elsewhere, or removed), the enrolment ends and payments stop.
         */
        const refreshRegistry = async () => {
          if (!deps.rootKeys || !deps.api.institutionRegistry) return
          try {
            const { registry } = await deps.api.institutionRegistry()
            const reg = await verifyInstitutionRegistry(registry, deps.rootKeys, deps.backend, Math.floor(deps.now() / 1000))
            set({ institutionRegistry: { jws: registry, fetchedAt: deps.now() } })
            const mine = get().enrolment
            if (mine && findInstitution(reg, mine.institutionId)?.key?.jwk.x !== mine.publicJwk.x) set({ enrolment: null, error: 'ERR_INSTITUTION_UNKNOWN' })
          } catch {
            // Kept as it was: the registry decides nothing the platform does not check again.
          }
        }
        const signer = () => signerFor(get().enrolment, { backend: deps.backend, randomBytes: deps.randomBytes, now: deps.now, vault: deps.vault })
        const keep = (s: MedpaySettlement) =>
          set((st) => ({ settlements: [s, ...st.settlements.filter((x) => x.setlId !== s.setlId)].slice(0, MAX_POS_SETTLEMENTS), current: st.current?.setlId === s.setlId ? s : st.current }))

        return {
          ...POS_DEFAULTS,
          catalogue: [],
          institutions: [],
          visit: null,
          cart: [],
          current: null,
          busy: null,
          error: null,
          storageProblem: null,

          async load() {
            set({ busy: 'load', error: null })
            try {
              const [catalogue, institutions] = await Promise.all([deps.api.medpay.catalogue(), deps.api.medpay.institutions()])
              set({ catalogue: catalogue.items, institutions: institutions.items, busy: null })
              await refreshRegistry()
              return true
            } catch (e) {
              fail(e)
              return false
            }
          },

          async enrol(code) {
            set({ busy: 'enrol', error: null })
            try {
              const enrolment = await enrolDevice(deps.api, code, deps.randomBytes, deps.vault)
              set({ enrolment, medinsNo: enrolment.medinsNo ?? null, busy: null, visit: null, cart: [], current: null })
              return true
            } catch (e) {
              fail(e)
              return false
            }
          },

          setInstitution(no) {
            set({ medinsNo: no, visit: null, cart: [], current: null })
          },

          async scan(code) {
            const text = code.trim()
            try {
              const m = medinsNo()
              const kept = get().keys.visit
              const key = kept?.code === text ? kept.key : await newKey()
              set((s) => ({ keys: { ...s.keys, visit: { code: text, key } }, busy: 'scan', error: null }))
              const visit = await deps.api.medpay.registerVisit({ paymentCode: text, medinsNo: m }, key, signer())
              set((s) => ({ visit, cart: [], current: null, busy: null, keys: { ...s.keys, visit: null, submit: null } }))
              return visit
            } catch (e) {
              return fail(e)
            }
          },

          addItem(code) {
            if (!get().catalogue.some((c) => c.medListCodg === code) || get().current) return
            set((s) => {
              const have = s.cart.find((l) => l.medListCodg === code)
              return { cart: have ? s.cart.map((l) => (l === have ? { ...l, cnt: Math.min(999, l.cnt + 1) } : l)) : [...s.cart, { medListCodg: code, cnt: 1 }] }
            })
          },

          setCount(code, cnt) {
            if (get().current) return
            set((s) => ({ cart: cnt <= 0 ? s.cart.filter((l) => l.medListCodg !== code) : s.cart.map((l) => (l.medListCodg === code ? { ...l, cnt: Math.min(999, Math.floor(cnt)) } : l)) }))
          },

          async submit() {
            const { visit, cart } = get()
            try {
              const m = medinsNo()
              if (!visit) throw new WalletError('ERR_BAD_REQUEST', { detail: 'no-visit' })
              if (cart.length === 0) throw new WalletError('ERR_BAD_REQUEST', { detail: 'empty-cart' })
              const print = JSON.stringify(cart)
              const kept = get().keys.submit
              const key = kept && kept.mdtrtId === visit.mdtrtId && kept.cart === print ? kept.key : await newKey()
              set((s) => ({ keys: { ...s.keys, submit: { mdtrtId: visit.mdtrtId, cart: print, key } }, busy: 'submit', error: null }))
              const settlement = await deps.api.medpay.submitSettlement({ mdtrtId: visit.mdtrtId, medinsNo: m, items: cart }, key, signer())
              set((s) => ({ current: settlement, busy: null, keys: { ...s.keys, submit: null } }))
              keep(settlement)
              return settlement
            } catch (e) {
              return fail(e)
            }
          },

          async poll() {
            const cur = get().current
            if (!cur) return null
            try {
              const s = await deps.api.medpay.getSettlement(cur.setlId, signer())
              keep(s)
              return s
            } catch (e) {
              // Polling quietly: a dropped poll is retried by the next one.
              const code = toWalletError(e).code
              if (code !== 'ERR_NETWORK' && code !== 'ERR_TIMEOUT') set({ error: code })
              return null
            }
          },

          async refund(setlId) {
            try {
              const m = medinsNo()
              const key = get().keys.refunds[setlId] ?? (await newKey())
              set((s) => ({ keys: { ...s.keys, refunds: { ...s.keys.refunds, [setlId]: key } }, busy: 'refund', error: null }))
              const refunded = await deps.api.medpay.refund(setlId, { medinsNo: m }, key, signer())
              keep(refunded)
              set((s) => {
                const refunds = { ...s.keys.refunds }
                delete refunds[setlId]
                return { busy: null, keys: { ...s.keys, refunds } }
              })
              return refunded
            } catch (e) {
              return fail(e)
            }
          },

          nextPatient() {
            set({ visit: null, cart: [], current: null, error: null })
          },

          clearError() {
            set({ error: null })
          }
        }
      },
      persistedOptions<PosState, PersistedPos>({
        name: deps.storageKey ?? 'certwallet.pos',
        storage: deps.storage,
        version: 1,
        partialize: (s) => ({ enrolment: s.enrolment, institutionRegistry: s.institutionRegistry, medinsNo: s.medinsNo, settlements: s.settlements, keys: s.keys }),
        parse: tryParsePos
      })
    )
  )
}
