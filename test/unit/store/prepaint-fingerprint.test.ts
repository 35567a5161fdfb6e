/**
 * What the saved home drawing (H5 prepaint) depends on: src/pages/wallet/usePrepaint.ts's
 * `homeFingerprint`. A change that shows on a locked home drops the drawing; a new check time or
 * the values an unlock brings do not (they would drop it on every sync and every unlock).
 */
import { homeFingerprint } from '../../../src/pages/wallet/usePrepaint'
import type { StoredCredential } from '../../../src/store/schema'

const card = (over: Partial<StoredCredential> = {}): StoredCredential =>
  ({
    certId: 'c-1',
    kind: 'driving-licence',
    issuerName: '广东省公安厅交通管理局',
    claims: { name: '张明华', licenceNumber: '4401**********001X' },
    status: 'valid',
    checkedAt: 1_700_000_000_000,
    sealed: '',
    statusRef: null,
    ...over
  }) as unknown as StoredCredential

const link = (status: string) => ({ linkId: 'l-1', role: 'agent', relation: '母亲', agentName: '张明华', relativeName: '李秀英', relativeIdMasked: '4401**********0024', purposes: ['medpay'], status, createdAt: 1 })

const inputs = (
  over: { card?: Partial<StoredCredential>; careMode?: boolean; holder?: { holderId: string; displayName: string } | null; lock?: boolean; linkStatus?: string } = {}
) => ({
  wallet: {
    holder: over.holder === undefined ? { holderId: 'h-1', displayName: '张*华' } : over.holder,
    lock: over.lock === false ? null : ({ pin: {}, vaultPublicKey: 'k' } as never),
    pinReset: null,
    pinResetDone: false,
    autoLockSeconds: 60,
    credentials: [card(over.card)]
  } as never,
  careMode: over.careMode ?? false,
  delegationLinks: [link(over.linkStatus ?? 'active')] as never,
  pendingPayments: 0,
  devices: 1
})

const base = homeFingerprint(inputs())

it('does not change with a new check time or with the unmasked values of an unlocked wallet', () => {
  expect(homeFingerprint(inputs({ card: { checkedAt: 1_800_000_000_000 } }))).toBe(base)
  expect(homeFingerprint(inputs({ card: { claims: { name: '张明华', licenceNumber: '44010619900315001X' } } as never }))).toBe(base)
  expect(base).not.toContain('44010619900315001X')
  // A relative's name and number are not in it either (the link's id and state are).
  expect(base).not.toContain('李秀英')
  expect(base).not.toContain('0024')
})

it.each([
  ['a card is revoked', inputs({ card: { status: 'revoked' } })],
  ['a card is replaced by a new one', inputs({ card: { certId: 'c-2' } })],
  ['a card was updated (信息已更新)', inputs({ card: { updated: { at: 1, fields: [] } } })],
  ['care mode is turned on', inputs({ careMode: true })],
  ['the holder signs out', inputs({ holder: null })],
  ['the PIN lock is gone (a wipe)', inputs({ lock: false })],
  ['a family link ends', inputs({ linkStatus: 'ended' })]
])('changes when %s', (_what, changed) => {
  expect(homeFingerprint(changed)).not.toBe(base)
})
