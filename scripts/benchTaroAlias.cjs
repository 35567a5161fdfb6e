// Preloaded by scripts/bench-jitless.ts into scripts/bench-holder.ts: the stores import
// @tarojs/taro (platform adapters), which only runs inside a Taro build; in Node the jest stand-in
// (test/setup/taro.ts, the same one the unit tests use) takes its place.
const Module = require('node:module')
const path = require('node:path')
const stub = path.join(__dirname, '..', 'test', 'setup', 'taro.ts')
const resolve = Module._resolveFilename
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, request === '@tarojs/taro' ? stub : request, ...rest)
}
