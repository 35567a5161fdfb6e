export default definePageConfig({
  navigationBarTitleText: '亲情账户'
})
