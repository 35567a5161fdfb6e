export default definePageConfig({
  navigationBarTitleText: '查验学历验证码'
})
