export default defineAppConfig({
  pages: ['pages/wallet/index', 'pages/present/index', 'pages/detail/index'],
  // Pages only verifiers (or payers) open live in subpackages, so holders never download them
  // and the main package stays small (WeChat: 2 MB per package; we budget 600 KB for main).
  subPackages: [
    {
      root: 'subpackages/verifier',
      pages: ['pages/scan/index']
    },
    {
      // 纸质凭证, 学历验证码 and its public check, 文件调用 (routes: subpackages/share/routes.ts).
      root: 'subpackages/share',
      pages: ['pages/paper/index', 'pages/degree/index', 'pages/check/index', 'pages/file/index']
    },
    { root: 'subpackages/medpay', pages: ['pages/index/index', 'pages/code/index', 'pages/settlement/index', 'pages/family/index'] },
    { root: 'subpackages/pos', pages: ['pages/counter/index'] },
    // 用证记录 and 我的设备: holder pages opened now and then, not on every start.
    {
      root: 'subpackages/holder',
      pages: ['pages/usage/index', 'pages/devices/index']
    }
  ],
  // Alipay: the Worker that gives random bytes (src/services/platform/random.alipay.ts). Alipay's
  // app.json lists worker files; WeChat's `workers` is a folder and it needs none.
  ...(process.env.TARO_ENV === 'alipay' ? { workers: ['workers/random.js'] } : {}),
  // WeChat (base library 2.3.0+): fetch the 医保码 subpackage with the wallet, so a patient whose
  // signal drops at the counter can still open it. Below 2.3.0 it downloads on first open.
  ...(process.env.TARO_ENV === 'weapp' ? { preloadRule: { 'pages/wallet/index': { network: 'all', packages: ['subpackages/medpay'] } } } : {}),
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#b71c1c',
    navigationBarTitleText: '证照夹',
    navigationBarTextStyle: 'white'
  }
})
