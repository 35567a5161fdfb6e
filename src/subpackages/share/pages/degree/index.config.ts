export default definePageConfig({
  navigationBarTitleText: '学历验证码'
})
