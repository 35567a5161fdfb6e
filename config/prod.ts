import type { UserConfigExport } from '@tarojs/cli'

export default {
  // NOTE: Taro's default terser settings turned private class fields into invalid JS (`#"e"`)
  // in a dependency chunk of the H5 build; quote_keys:false avoids it (shared/TOOLCHAIN.md).
  terser: {
    enable: true,
    config: { output: { quote_keys: false } }
  },
  mini: {},
  h5: {}
} satisfies UserConfigExport<'webpack5'>
