/**
 * What index.html's inline script (src/prepaint/boot.js) and the app's side
 * (src/services/platform/prepaint.h5.ts) must agree on, written once: config/h5Bundle.ts hands
 * this object to boot.js when it inlines it, and prepaint.h5.ts imports it. Plain JavaScript syntax
 * (no `as const`): Taro loads config/ with a loader that does not compile TypeScript outside it.
 */
export const PREPAINT = {
  /** Where the app saves the home for the next start (localStorage). */
  key: 'certwallet.prepaint',
  /** The wallet's and the settings' blobs (walletStore's and settingsStore's persist names). */
  walletKey: 'certwallet.wallet',
  settingsKey: 'certwallet.settings',
  /** app.css's link: its address (content-hashed) tags a saved home with the build that drew it. */
  appCss: 'link[rel="stylesheet"][href*="/css/app."]',
  /** The controls a tap on the drawing is kept for and replayed on. */
  tappable: '[role="button"],[role="switch"],[data-tap]',
  /** A PIN pad's digit key (its class), as a RegExp source. */
  pinKey: '\\bpinpad__key--\\d\\b'
}
