// Browser tests: the built H5 app (dist/h5) served on 127.0.0.1, driven in Debian Chromium.
const base = require('./jest.config.js')

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/browser'],
  testPathIgnorePatterns: ['/node_modules/'],
  // Two files at once: one Chromium and one app leave the 2-core machine a third idle (vmstat over
  // share.test: 35 % idle), which a second file fills. Each test then takes up to ~2× as long, so
  // the per-test limit is twice what one at a time needs (the axe run over every page, ~50 s alone).
  testTimeout: 180000,
  maxWorkers: 2
}
