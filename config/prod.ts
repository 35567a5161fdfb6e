import type { UserConfigExport } from '@tarojs/cli'

export default {
  // NOTE: Taro's default terser settings turned private class fields into invalid JS (`#"e"`)
  // in a dependency chunk of the H5 build; quote_keys:false avoids it (shared/TOOLCHAIN.md).
  // Mini-programs: Taro's default `ascii_only: true` writes every Chinese character of the UI and error
  // texts as a 6-byte \uXXXX escape (3 bytes in UTF-8); WeChat and Alipay read UTF-8 scripts.
  terser: {
    enable: true,
    config: { output: { quote_keys: false, ...(process.env.TARO_ENV === 'h5' ? {} : { ascii_only: false }) } }
  },
  mini: {},
  h5: {}
} satisfies UserConfigExport<'webpack5'>
