import type { ApiBase } from '../../../../src/services/api/apiBase.types'

const platforms = ['apiBase', 'apiBase.h5', 'apiBase.weapp', 'apiBase.alipay'] as const

const saved = { base: process.env.TARO_APP_API_BASE_URL, mock: process.env.TARO_APP_MOCK_URL, h5: process.env.TARO_APP_H5_SIMULATOR }

function setEnv(name: string, value: string | undefined) {
  if (value === undefined) delete process.env[name]
  else process.env[name] = value
}

afterEach(() => {
  setEnv('TARO_APP_API_BASE_URL', saved.base)
  setEnv('TARO_APP_MOCK_URL', saved.mock)
  setEnv('TARO_APP_H5_SIMULATOR', saved.h5)
})

/** Each platform file reads the environment once, at import. */
function load(file: (typeof platforms)[number], env: { base: string; mock?: string; h5?: string }): ApiBase {
  setEnv('TARO_APP_API_BASE_URL', env.base)
  setEnv('TARO_APP_MOCK_URL', env.mock)
  setEnv('TARO_APP_H5_SIMULATOR', env.h5)
  let loaded: ApiBase | undefined
  jest.isolateModules(() => {
    loaded = (require(`../../../../src/services/api/${file}`) as { apiBase: ApiBase }).apiBase
  })
  return loaded!
}

describe('apiBase per platform', () => {
  it.each(platforms)('%s uses a configured government endpoint as is', (file) => {
    expect(load(file, { base: 'https://zwfw.example.gov.cn', mock: 'http://127.0.0.1:9527' })).toEqual({
      baseUrl: 'https://zwfw.example.gov.cn',
      simulator: null
    })
  })

  it('H5 with nothing configured: same origin, answered by the service worker', () => {
    expect(load('apiBase.h5', { base: '', mock: 'http://127.0.0.1:9527' })).toEqual({ baseUrl: '', simulator: 'service-worker' })
  })

  it('H5 with TARO_APP_H5_SIMULATOR=http: the npm run mock server (the offline browser tests)', () => {
    expect(load('apiBase.h5', { base: '', mock: 'http://127.0.0.1:19527', h5: 'http' })).toEqual({ baseUrl: 'http://127.0.0.1:19527', simulator: 'local-server' })
    expect(load('apiBase.h5', { base: '', mock: 'http://127.0.0.1:19527', h5: 'service-worker' })).toEqual({ baseUrl: '', simulator: 'service-worker' })
    // A configured endpoint wins over any simulator setting.
    expect(load('apiBase.h5', { base: 'https://zwfw.example.gov.cn', mock: 'http://127.0.0.1:19527', h5: 'http' })).toEqual({
      baseUrl: 'https://zwfw.example.gov.cn',
      simulator: null
    })
  })

  it.each(['apiBase.weapp', 'apiBase.alipay', 'apiBase'] as const)('%s with nothing configured: the npm run mock server', (file) => {
    expect(load(file, { base: '', mock: 'http://192.168.1.20:9527' })).toEqual({ baseUrl: 'http://192.168.1.20:9527', simulator: 'local-server' })
  })

  it('Node falls back to the default mock port', () => {
    expect(load('apiBase', { base: '' })).toEqual({ baseUrl: 'http://127.0.0.1:9527', simulator: 'local-server' })
  })

  it('createDefaultApiClient targets apiBase through Taro.request', async () => {
    const calls: string[] = []
    setEnv('TARO_APP_API_BASE_URL', 'https://zwfw.example.gov.cn')
    jest.isolateModules(() => {
      jest.doMock('@tarojs/taro', () => ({
        __esModule: true,
        default: {
          request: (opts: { url: string }) => {
            calls.push(opts.url)
            return Promise.resolve({ statusCode: 200, header: {}, data: '{"trustList":"a.b.c"}' })
          }
        }
      }))
      const { createDefaultApiClient } = require('../../../../src/services/api') as typeof import('../../../../src/services/api')
      void createDefaultApiClient().trustList()
    })
    await new Promise((r) => setTimeout(r, 0))
    expect(calls).toEqual(['https://zwfw.example.gov.cn/api/v1/trust-list'])
  })
})
