export default defineAppConfig({
  pages: ['pages/wallet/index'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#b71c1c',
    navigationBarTitleText: '证照夹',
    navigationBarTextStyle: 'white'
  }
})
