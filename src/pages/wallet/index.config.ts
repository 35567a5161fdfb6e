export default definePageConfig({
  navigationBarTitleText: '我的证照',
  // Pull down to sync with the government service (usePullDownRefresh in index.tsx).
  enablePullDownRefresh: true
})
