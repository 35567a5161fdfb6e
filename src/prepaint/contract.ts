/**
 * What index.html's inline script (src/prepaint/boot.js) and the app's side
 * (src/services/platform/prepaint.h5.ts) must agree on, written once: config/h5Bundle.ts hands
 * this object to boot.js when it inlines it, and prepaint.h5.ts imports it. Plain JavaScript syntax
 * (no `as const`): Taro loads config/ with a loader that does not compile TypeScript outside it.
 */
export const PREPAINT = {
  /** Where the app saves the home for the next start (localStorage). */
  key: 'certwallet.prepaint',
  /**
   * The same saved home, for the app-shell worker (it cannot read localStorage): the app writes the
   * same record under this address in this Cache Storage cache, and src/prepaint/worker.js puts it
   * into index.html's markup.
   */
  cache: 'certwallet-prepaint',
  cacheUrl: '/__prepaint/home',
  /** The wallet home's addresses (location.hash, as a RegExp source): elsewhere nothing is drawn. */
  homeHash: '^(#/?|#/pages/wallet/index.*)?$',
  /** On <html> when the worker's drawing is not for this address (index.html's head sets it before any paint). */
  offClass: 'prepaint-off',
  /** The wallet's and the settings' blobs (walletStore's and settingsStore's persist names). */
  walletKey: 'certwallet.wallet',
  settingsKey: 'certwallet.settings',
  /** app.css's link: its address (content-hashed) tags a saved home with the build that drew it. */
  appCss: 'link[rel="stylesheet"][href*="/css/app."]',
  /** The controls a tap on the drawing is kept for and replayed on. */
  tappable: '[role="button"],[role="switch"],[data-tap]',
  /** A PIN pad's digit key (its class), as a RegExp source. */
  pinKey: '\\bpinpad__key--\\d\\b',
  /** The drawing's root (#prepaint), as Taro's router gives its page (.taro_page): the page scrolls inside it. */
  rootStyle: 'width:100%;height:100vh;overflow-x:hidden;overflow-y:scroll',
  /**
   * The drawing's own rules: a pressed control; cards below the fold laid out and painted only if
   * scrolled to (the drawing's first frame is on the way to the app's own, so it does as little as it
   * can); the drawing greyed out under the line that says the app could not be fetched.
   */
  drawCss: '#prepaint .prepaint--pressed{opacity:.55}#prepaint .card{content-visibility:auto;contain-intrinsic-size:auto 190px}' +
    '#prepaint.prepaint--failed>:not(.prepaint__line){opacity:.4}.prepaint-off #prepaint{display:none}'
}
