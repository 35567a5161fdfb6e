/**
 * jest stand-in for @tarojs/taro (mapped in jest.config.js): in-memory storage and a request
 * that goes through fetch (so msw/node answers it). Real Taro's ESM runtime is for the builds.
 */
const storage = new Map<string, unknown>()

type RequestOpts = {
  url: string
  method?: string
  header?: Record<string, string>
  data?: unknown
  dataType?: string
  responseType?: string
  timeout?: number
  success?: (r: { statusCode: number; header: Record<string, string>; data: unknown }) => void
  fail?: (e: { errMsg: string }) => void
  complete?: () => void
}

const Taro = {
  getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
  setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
  removeStorageSync: (key: string) => void storage.delete(key),
  clearStorageSync: () => storage.clear(),
  request(opts: RequestOpts) {
    const controller = new AbortController()
    const body = opts.data === undefined ? undefined : typeof opts.data === 'string' ? opts.data : JSON.stringify(opts.data)
    const p = fetch(opts.url, { method: opts.method ?? 'GET', headers: opts.header, body, signal: controller.signal })
      .then(async (res) => {
        const text = await res.text()
        const header: Record<string, string> = {}
        res.headers.forEach((v, k) => (header[k] = v))
        const r = { statusCode: res.status, header, data: text }
        opts.success?.(r)
        opts.complete?.()
        return r
      })
      .catch((e) => {
        // Like Taro: the promise rejects with the same failure object `fail` gets.
        const failure = { errMsg: `request:fail ${String(e)}` }
        opts.fail?.(failure)
        opts.complete?.()
        throw failure
      })
    return Object.assign(p, { abort: () => controller.abort() })
  },
  showToast: () => undefined,
  showModal: async () => ({ confirm: true, cancel: false }),
  setScreenBrightness: async () => undefined,
  getSystemInfoSync: () => ({ platform: 'devtools', windowWidth: 390, windowHeight: 844 }),
  getEnv: () => 'NODE',
  // Pull to refresh never fires in jsdom; a page may still end one.
  stopPullDownRefresh: () => undefined,
  ENV_TYPE: { WEAPP: 'WEAPP', ALIPAY: 'ALIPAY', WEB: 'WEB', NODE: 'NODE' }
}

export default Taro
export const { getStorageSync, setStorageSync, removeStorageSync, request, stopPullDownRefresh } = Taro

/** Page lifecycle hooks: in jsdom a page "shows" once, when it mounts. */
export function useDidShow(fn: () => void): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { useEffect } = require('react') as typeof import('react')
  useEffect(() => {
    fn()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
}
export function useDidHide(_fn: () => void): void {}
/** The page's query as a test sets it (`setRouterParams`); empty by default. */
let routerParams: Record<string, string> = {}
export function setRouterParams(params: Record<string, string>): void {
  routerParams = params
}
export function useRouter(): { params: Record<string, string> } {
  return { params: routerParams }
}
export function usePullDownRefresh(_fn: () => void): void {}
