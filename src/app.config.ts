/** Subpackages the holder may need with no signal: fetched with the wallet page (preloadRule). */
const HOLDER_OFFLINE_SUBPACKAGES = ['subpackages/present', 'subpackages/medpay', 'subpackages/share', 'subpackages/holder']

export default defineAppConfig({
  pages: ['pages/wallet/index'],
  // Pages only verifiers (or payers) open live in subpackages, so holders never download them
  // and the main package stays small (WeChat: 2 MB per package; we budget 600 KB for main).
  subPackages: [
    // 亮证: a subpackage fetched with the wallet page (preloadRule below), so the QR code (qrcode, the
    // QR screen) is not in the main package the phone downloads before the first screen.
    { root: 'subpackages/present', pages: ['pages/index/index'] },
    {
      root: 'subpackages/verifier',
      pages: ['pages/scan/index']
    },
    {
      // 纸质凭证, 学历验证码 and its public check, 文件调用 (routes: components/routes.ts).
      root: 'subpackages/share',
      pages: ['pages/paper/index', 'pages/degree/index', 'pages/check/index', 'pages/file/index']
    },
    { root: 'subpackages/medpay', pages: ['pages/index/index', 'pages/code/index', 'pages/settlement/index', 'pages/family/index'] },
    { root: 'subpackages/pos', pages: ['pages/counter/index'] },
    // 线上身份核验: answering a website's or app's request (issue #16).
    { root: 'subpackages/online', pages: ['pages/request/index'] },
    // 证照详情, 用证记录, 我的设备, 家人代办 and 电子证照原件 (the sealed OFD: its check and the OFD code live here,
    // not in main). Fetched with the wallet page (preloadRule), so a card's details open offline
    // after the first start; out of the main package for its size (docs/BENCHMARKS.md).
    {
      root: 'subpackages/holder',
      pages: ['pages/detail/index', 'pages/usage/index', 'pages/devices/index', 'pages/original/index', 'pages/family/index']
    }
  ],
  // Alipay: the Worker that gives random bytes (src/services/platform/random.alipay.ts). Alipay's
  // app.json lists worker files; WeChat's `workers` is a folder and it needs none.
  ...(process.env.TARO_ENV === 'alipay' ? { workers: ['workers/random.js'] } : {}),
  // Offline from the first tap (issue #12 §1): when the wallet opens with any network, WeChat (base
  // library 2.3.0+) and Alipay fetch the holder's own offline pages with it: 亮证 (present), 医保码
  // (medpay), 纸质凭证 / 学历验证码 (share) and 证照详情 / 用证记录 / 我的设备 (holder) (WeChat's limit: 2 MB per
  // page's rule). 亮证 shows nothing before a claim, and the claim is made online on the wallet page. A client without preloadRule downloads each on first open. The verifier
  // subpackage is not preloaded (holders rarely use it): it is fetched when verifier mode is first
  // opened online, where it refreshes its trust data (更新核验数据) before checking offline.
  // test/miniprogram/offline-pages.test.ts checks both builds with the emulator's download model.
  preloadRule: { 'pages/wallet/index': { network: 'all', packages: [...HOLDER_OFFLINE_SUBPACKAGES] } },
  // H5: a page opens at once, without Taro's slide (a 300 ms transform after a 50 ms delay, with the
  // page left showing underneath for 350 ms). The slide is motion nobody asked for (WCAG 2.3.3) and a
  // moving target for an unsteady finger, and 亮证 at a roadside should not wait a third of a second.
  // The mini-programs keep their native page transitions (their app.json has no such key).
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#b71c1c',
    navigationBarTitleText: '证照夹',
    navigationBarTextStyle: 'white'
  }
})
