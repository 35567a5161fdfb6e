// jose, msw and their ESM dependencies are transformed by babel-jest (CommonJS jest keeps the
// `jest` global); see shared/TOOLCHAIN.md.
const esm = [
  'jose',
  'msw',
  '@mswjs',
  '@bundled-es-modules',
  '@open-draft',
  'until-async',
  'outvariant',
  'strict-event-emitter',
  'headers-polyfill',
  'is-node-process',
  'rettime',
  '@noble',
  'fflate',
  '@sd-jwt',
  'zustand',
  'jsqr',
  // openapi-typescript's ESM dependencies (test/unit/api/generated.test.ts runs the generator)
  'openapi-typescript',
  'parse-json',
  'index-to-position',
  'change-case',
  'supports-color'
]

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/test/browser/'],
  transform: {
    '^.+\\.(t|j|mj)sx?$': 'babel-jest'
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esm.join('|')})/)`],
  moduleNameMapper: {
    '^@/(.*)$': '<rootDir>/src/$1',
    '^@tarojs/taro$': '<rootDir>/test/setup/taro.ts',
    // Component tests (test/component, jsdom via a per-file @jest-environment docblock): Taro's
    // components as plain DOM elements, and page stylesheets as an empty module.
    '^@tarojs/components$': '<rootDir>/test/setup/components.tsx',
    '\\.(css|scss|less)$': '<rootDir>/test/setup/styleStub.js'
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  setupFiles: ['<rootDir>/test/setup/env.ts'],
  // A worker per core: jest's default (cores − 1) ran the unit suites one at a time on a 2-core
  // machine (306 s on the last clean .ci/run; 155 s with two). The browser tests run two files at
  // once as well (jest.browser.config.js says why and gives them a longer per-test limit).
  maxWorkers: '100%',
  testTimeout: 60000
}
