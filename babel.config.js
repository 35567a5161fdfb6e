// babel-preset-taro for the Taro builds; jest gets a plain Node preset (see jest.config.js).
module.exports = (api) => {
  const isTest = api.env('test')
  if (isTest) {
    return {
      presets: [
        ['@babel/preset-env', { targets: { node: 'current' } }],
        ['@babel/preset-react', { runtime: 'automatic' }],
        '@babel/preset-typescript'
      ],
      plugins: ['babel-plugin-transform-import-meta']
    }
  }
  return {
    presets: [
      ['taro', {
        framework: 'react',
        ts: true,
        compiler: 'webpack5'
      }]
    ]
  }
}
