export default definePageConfig({
  navigationBarTitleText: '线上身份核验'
})
