/**
 * @jest-environment jsdom
 */
import { keepsAppOffline } from '../../../../src/services/platform/offlineOrigin.h5'

// jsdom has neither `isSecureContext` nor `navigator.serviceWorker`: each case sets what a browser has.
function browserWith(secure: boolean | undefined, serviceWorker: boolean): void {
  if (secure === undefined) delete (window as { isSecureContext?: boolean }).isSecureContext
  else Object.defineProperty(window, 'isSecureContext', { value: secure, configurable: true })
  if (serviceWorker) Object.defineProperty(navigator, 'serviceWorker', { value: {}, configurable: true })
  else delete (navigator as { serviceWorker?: unknown }).serviceWorker
}

afterEach(() => browserWith(undefined, false))

test('H5 keeps the app offline only in a secure context with a service worker (https, localhost)', () => {
  browserWith(true, true)
  expect(keepsAppOffline()).toBe(true)
  // http://192.168.x.y: not a secure context, and the browser offers no serviceWorker there.
  browserWith(false, false)
  expect(keepsAppOffline()).toBe(false)
  // A browser that says secure but has no service worker cannot keep it either.
  browserWith(true, false)
  expect(keepsAppOffline()).toBe(false)
})
