import { createStore, type StoreApi } from 'zustand/vanilla'
import { persist, type StateStorage } from 'zustand/middleware'
import { toWalletError, WalletError, type ErrorCode } from '../../../services/errors'
import type { ApiClient } from '../../../services/api/client'
import type { MedpayCatalogueItem, MedpayInstitution, MedpaySettlement, MedpayVisit } from '../../../services/api/types'
import { base64urlEncode, isObject } from '../../../services/encoding'
import { persistedOptions } from '../../../store/persisted'

/** Settlements the counter keeps for refunds and reconciliation (masked names only), newest first. */
export const MAX_POS_SETTLEMENTS = 50

type PosApi = Pick<ApiClient['medpay'], 'catalogue' | 'institutions' | 'registerVisit' | 'submitSettlement' | 'getSettlement' | 'refund'>

/** Everything the point-of-sale store needs from outside; the app passes platform defaults, tests fakes. */
export interface PosDeps {
  api: { medpay: PosApi }
  randomBytes: (n: number) => Promise<Uint8Array>
  now: () => number
  storage: StateStorage
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
  medinsNo: string | null
  settlements: MedpaySettlement[]
  keys: PosKeys
}

export const POS_DEFAULTS: PersistedPos = { version: 1, medinsNo: null, settlements: [], keys: { visit: null, submit: null, refunds: {} } }

export interface PosState extends PersistedPos {
  catalogue: MedpayCatalogueItem[]
  institutions: MedpayInstitution[]
  visit: MedpayVisit | null
  cart: CartLine[]
  /** The settlement of this visit, as last seen (pending → settled / declined). */
  current: MedpaySettlement | null
  busy: 'load' | 'scan' | 'submit' | 'poll' | 'refund' | null
  error: ErrorCode | null
  storageProblem: string | null

  load(): Promise<boolean>
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
    state: { version: 1, medinsNo: typeof value.medinsNo === 'string' ? value.medinsNo : null, settlements: settlements as MedpaySettlement[], keys },
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
        const medinsNo = () => {
          const m = get().medinsNo
          if (!m) throw new WalletError('ERR_BAD_REQUEST', { detail: 'institution' })
          return m
        }
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
              const visit = await deps.api.medpay.registerVisit({ paymentCode: text, medinsNo: m }, key)
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
              const settlement = await deps.api.medpay.submitSettlement({ mdtrtId: visit.mdtrtId, medinsNo: m, items: cart }, key)
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
              const s = await deps.api.medpay.getSettlement(cur.setlId)
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
              const refunded = await deps.api.medpay.refund(setlId, { medinsNo: m }, key)
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
        partialize: (s) => ({ medinsNo: s.medinsNo, settlements: s.settlements, keys: s.keys }),
        parse: tryParsePos
      })
    )
  )
}
