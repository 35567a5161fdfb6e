export default definePageConfig({
  navigationBarTitleText: '文件调用授权'
})
