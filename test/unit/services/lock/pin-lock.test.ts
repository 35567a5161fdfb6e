import { randomBytes } from 'node:crypto'
import {
  assertPinAcceptable,
  createPinRecord,
  MAX_PIN_ATTEMPTS,
  openJson,
  PIN_DELAYS,
  PIN_WARN_FROM,
  sealJson,
  unlockWithPin,
  type PinRecord
} from '../../../../src/services/lock/pinLock'

const rnd = (n: number) => new Uint8Array(randomBytes(n))
const code = (c: string) => expect.objectContaining({ code: c })
const T0 = Date.parse('2026-11-27T12:00:00+08:00')
const FAST = { iterations: 1000, squarings: 100 } // in tests; the app uses DEFAULT_PIN_COST

describe('PIN lock', () => {
  it.each(['123456', '654321', '000000', '111111', '121212', '123123', '12345', 'abcdef'])('refuses the weak or malformed PIN %s with ERR_PIN_WEAK', (pin) => {
    expect(() => assertPinAcceptable(pin)).toThrow(code('ERR_PIN_WEAK'))
  })

  it('the right PIN releases the data key; the data key opens what was sealed', () => {
    const dek = rnd(32)
    const record = createPinRecord('480315', dek, rnd, FAST)
    const sealed = sealJson(dek, { credentials: ['证照'] }, rnd)
    const r = unlockWithPin(record, '480315', T0)
    expect(r.ok).toBe(true)
    if (r.ok) expect(openJson(r.dek, sealed)).toEqual({ credentials: ['证照'] })
    expect(openJson(rnd(32), sealed)).toBeNull()
    expect(JSON.stringify(record)).not.toContain('480315')
  })

  it('wrong PINs: free tries, then growing delays, a warning, and a wipe at the tenth', () => {
    let record: PinRecord | null = createPinRecord('480315', rnd(32), rnd, FAST)
    let now = T0
    for (let n = 1; n < MAX_PIN_ATTEMPTS; n++) {
      const r = unlockWithPin(record!, '999998', now)
      expect(r.ok).toBe(false)
      if (r.ok) return
      expect(r.remaining).toBe(MAX_PIN_ATTEMPTS - n)
      const delay = PIN_DELAYS[n]
      expect(r.error.code).toBe(delay ? 'ERR_PIN_LOCKED' : 'ERR_PIN_WRONG')
      if (delay) {
        expect(r.error.retryAfterSeconds).toBe(delay)
        // Even the right PIN is not checked while locked.
        const early = unlockWithPin(r.record!, '480315', now + delay * 1000 - 1)
        expect(early.ok).toBe(false)
        if (!early.ok) expect(early.error.code).toBe('ERR_PIN_LOCKED')
        now += delay * 1000
      }
      if (n >= PIN_WARN_FROM) expect(r.remaining).toBeLessThanOrEqual(3)
      record = r.record
    }
    const last = unlockWithPin(record!, '999998', now)
    expect(last.ok).toBe(false)
    if (!last.ok) {
      expect(last.error.code).toBe('ERR_WIPED')
      expect(last.record).toBeNull()
    }
  })

  it('a right PIN after wrong ones resets the count', () => {
    const record = createPinRecord('480315', rnd(32), rnd, FAST)
    const wrong = unlockWithPin(record, '111112', T0)
    expect(wrong.ok).toBe(false)
    const right = unlockWithPin(wrong.record!, '480315', T0)
    expect(right.ok).toBe(true)
    expect(right.record?.failures).toBe(0)
  })
})
