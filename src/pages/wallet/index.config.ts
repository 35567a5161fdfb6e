export default definePageConfig({
  navigationBarTitleText: '我的证照',
  // Pull down to sync with the government service (usePullDownRefresh in index.tsx): mini-programs.
  // Not on H5, which has the 同步证照状态 button, and where Taro would wrap the page in a pull-to-refresh
  // component on every start (and a phone browser's own pull-down reloads the page).
  enablePullDownRefresh: process.env.TARO_ENV !== 'h5'
})
