export default definePageConfig({
  navigationBarTitleText: '纸质凭证'
})
