/**
 * Same-device from another mini-program (src/services/online/caller.ts): what the wallet reads from
 * the launch/enter options' `referrerInfo`, what it refuses, and what goes back to the caller.
 */
import { assertCallerRegistered, callerRequestOf, callerResult, checkRelyingParty, requestUriOf } from '../../../../src/services/online'
import { WalletError } from '../../../../src/services/errors'

const SHOP = '91440101MA5D7RQ21E'
const WX = 'wx5e1c0a7b3d9f2468'
const ALI = '2021004135792468'
const REQ = 'https://shop.example/request/7?x=1&y=2'
const enter = (referrerInfo: unknown) => ({ path: 'subpackages/online/pages/request/index', query: {}, scene: 1037, referrerInfo })

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    return e instanceof WalletError ? `${e.code}/${e.detail}` : String(e)
  }
  return undefined
}

it('reads {client_id, request_uri} and the platform-given appId; the text is the QR’s by-reference form', () => {
  const c = callerRequestOf(enter({ appId: WX, extraData: { client_id: SHOP, request_uri: REQ } }), 'weapp')!
  expect(c).toMatchObject({ appId: WX, platform: 'weapp', clientId: SHOP, requestUri: REQ })
  expect(requestUriOf(c.text)).toEqual({ clientId: SHOP, requestUri: REQ })
  // Alipay: the same fields (referrerInfo.appId / extraData), its own appId format.
  expect(callerRequestOf(enter({ appId: ALI, sourceServiceId: '', extraData: { client_id: SHOP, request_uri: REQ } }), 'alipay')).toMatchObject({ appId: ALI, platform: 'alipay' })
})

it('no request in the options is no caller (null): a plain launch, another referrer, extraData for something else', () => {
  expect(callerRequestOf({ scene: 1001, referrerInfo: {} }, 'weapp')).toBeNull()
  expect(callerRequestOf({ scene: 1001 }, 'weapp')).toBeNull()
  expect(callerRequestOf(undefined, 'alipay')).toBeNull()
  expect(callerRequestOf(enter({ appId: WX, extraData: { foo: 'bar' } }), 'weapp')).toBeNull()
})

it('a malformed request from a caller is ERR_RP_REQUEST_INVALID with what was wrong', () => {
  const bad = (extraData: unknown, appId: unknown = WX, platform: 'weapp' | 'alipay' = 'weapp') => codeOf(() => callerRequestOf(enter({ appId, extraData }), platform))
  expect(bad({ client_id: SHOP, request_uri: 7 })).toBe('ERR_RP_REQUEST_INVALID/caller-extra-data')
  expect(bad({ request_uri: REQ })).toBe('ERR_RP_REQUEST_INVALID/caller-extra-data')
  expect(bad({ client_id: SHOP, request_uri: 'http://shop.example/r' })).toBe('ERR_RP_REQUEST_INVALID/request_uri')
  expect(bad({ client_id: SHOP, request_uri: 'https://' + 'a'.repeat(600) })).toBe('ERR_RP_REQUEST_INVALID/caller-extra-data')
  expect(bad({ client_id: '', request_uri: REQ })).toBe('ERR_RP_REQUEST_INVALID/client_id')
  // The appId is the platform's: missing, or in the other platform's format, is refused.
  expect(bad({ client_id: SHOP, request_uri: REQ }, null)).toBe('ERR_RP_REQUEST_INVALID/caller-app-id')
  expect(bad({ client_id: SHOP, request_uri: REQ }, ALI, 'weapp')).toBe('ERR_RP_REQUEST_INVALID/caller-app-id')
  expect(bad({ client_id: SHOP, request_uri: REQ }, WX, 'alipay')).toBe('ERR_RP_REQUEST_INVALID/caller-app-id')
})

it('the caller must be listed for the RP on its own platform (ERR_RP_UNKNOWN/caller-app)', () => {
  const view = { rp: { id: SHOP, name: '粤信通网上营业厅', miniPrograms: { weapp: [WX], alipay: [ALI] } } }
  expect(() => assertCallerRegistered(view, { appId: WX, platform: 'weapp' })).not.toThrow()
  expect(() => assertCallerRegistered(view, { appId: ALI, platform: 'alipay' })).not.toThrow()
  expect(codeOf(() => assertCallerRegistered(view, { appId: 'wx0123456789abcdef', platform: 'weapp' }))).toBe('ERR_RP_UNKNOWN/caller-app')
  expect(codeOf(() => assertCallerRegistered({ rp: { id: SHOP, name: 'x' } }, { appId: WX, platform: 'weapp' }))).toBe('ERR_RP_UNKNOWN/caller-app')
  expect(codeOf(() => assertCallerRegistered({ rp: { id: SHOP, name: 'x', miniPrograms: { alipay: [ALI] } } }, { appId: WX, platform: 'weapp' }))).toBe('ERR_RP_UNKNOWN/caller-app')
})

it('what goes back: strings only, the state only when given, an error code on refusal', () => {
  expect(callerResult({ requestUri: REQ }, { status: 'sent', state: 'st-1' })).toEqual({ type: 'certwallet-online-result', request_uri: REQ, status: 'sent', state: 'st-1' })
  expect(callerResult({ requestUri: REQ }, { status: 'refused', error: 'ERR_RP_UNKNOWN' })).toEqual({ type: 'certwallet-online-result', request_uri: REQ, status: 'refused', error: 'ERR_RP_UNKNOWN' })
  expect(Object.values(callerResult({ requestUri: REQ }, { status: 'declined', state: 's' })).every((v) => typeof v === 'string')).toBe(true)
})

it('the registry entry’s miniPrograms are checked (ERR_MALFORMED/rp-mini-programs)', () => {
  const base = { id: SHOP, name: '粤信通网上营业厅', role: 'online', purposes: { 'age-over-18': ['age_over_18'] }, mayReceiveIdNumber: false }
  expect(() => checkRelyingParty({ ...base, miniPrograms: { weapp: [WX], alipay: [ALI] } })).not.toThrow()
  for (const miniPrograms of [{ weapp: [ALI] }, { alipay: [WX] }, { weapp: WX }, { douyin: ['tt123'] }, 'wx', { weapp: Array(17).fill(WX) }]) {
    expect(codeOf(() => checkRelyingParty({ ...base, miniPrograms }))).toBe('ERR_MALFORMED/rp-mini-programs')
  }
})
