/**
 * @tarojs/taro for the mini-program builds (config/index.ts aliases `@tarojs/taro` here for weapp and
 * alipay). Taro's own index.js does the same two things, but it reads the runtime with
 * `const { hooks } = require('@tarojs/runtime')`: webpack cannot see which export a destructured
 * require uses, so it marks every export of @tarojs/runtime used and the main package kept all of
 * them (the innerHTML parser, URL helpers Taro never calls: 17.8 KB, docs/BENCHMARKS.md). A member
 * read (`require(…).hooks`) is one export, so the rest is tree-shaken.
 */
const hooks = require('@tarojs/runtime').hooks
const taro = require('@tarojs/api').default

if (hooks.isExist('initNativeApi')) {
  hooks.call('initNativeApi', taro)
}

module.exports = taro
module.exports.default = module.exports
