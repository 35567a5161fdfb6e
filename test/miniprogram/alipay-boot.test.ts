import { bootSuite } from './bootSuite'

// Boots dist/alipay (npm run build:alipay first) in a sandbox with only Alipay's globals.
describe('Alipay build boots headlessly', () => {
  bootSuite('alipay')
})
