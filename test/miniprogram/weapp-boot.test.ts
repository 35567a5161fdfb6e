import { bootSuite } from './bootSuite'

// Boots dist/weapp (npm run build:weapp first) in a sandbox with only WeChat's globals.
describe('WeChat build boots headlessly', () => {
  bootSuite('weapp')
})
