export default definePageConfig({
  navigationBarTitleText: '亮证'
})
