/**
 * The app shell: what keeps the app's own code on the device. Node / jest and the mini-programs:
 * nothing to do here (WeChat and Alipay keep the packages; preloadRule in app.config.ts fetches the
 * subpackages). The H5 build uses appShell.h5.ts.
 */
export function startAppShell(): void {}
