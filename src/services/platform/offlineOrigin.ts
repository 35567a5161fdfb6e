/**
 * Whether this copy of the app can keep its own code on the device for use with no network.
 * Node / jest and the mini-programs: always (WeChat and Alipay keep the packages). The H5 build uses
 * offlineOrigin.h5.ts: a page served over plain http from a LAN address is not a secure context, so
 * the browser gives it no service worker (and no WebCrypto; docs/offline.md "LAN over plain http").
 */
export function keepsAppOffline(): boolean {
  return true
}
