// Browser tests: the built H5 app (dist/h5) served on 127.0.0.1, driven in Debian Chromium.
const base = require('./jest.config.js')

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/browser'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 90000,
  maxWorkers: 1
}
