/**
 * Checks of the boot harness itself (request task, storage forms, unhandled keys), driven from
 * inside the sandbox with `evaluate`. Needs dist/weapp and dist/alipay like the boot tests.
 */
import { assertBuilt, bootMiniProgram, setPath, type MiniProgram, type MiniRequest } from './boot'

let mp: MiniProgram | undefined
afterEach(() => {
  mp?.dispose()
  mp = undefined
})

describe('setPath', () => {
  it('applies setData paths like WeChat', () => {
    const data: Record<string, any> = { root: { cn: [] } }
    setPath(data, 'root.cn', [{ sid: 'a', cn: [{ v: 'x' }] }])
    setPath(data, 'root.cn.[0].cn.[0].v', 'y')
    setPath(data, 'root.cn[0].cl', 'card')
    setPath(data, 'list[2].name', 'z')
    expect(data.root.cn[0]).toEqual({ sid: 'a', cn: [{ v: 'y' }], cl: 'card' })
    expect(data.list[2]).toEqual({ name: 'z' })
  })
})

describe('weapp stubs', () => {
  beforeAll(() => assertBuilt('weapp'))

  const call = (code: string) => mp!.evaluate<Promise<Record<string, any>>>(`new Promise((resolve) => { ${code} })`)

  it('wx.request: success shape, JSON parsing, arraybuffer, timeout, abort', async () => {
    const seen: MiniRequest[] = []
    mp = await bootMiniProgram({
      platform: 'weapp',
      request: (req) => {
        seen.push(req)
        if (req.url.endsWith('/slow')) return new Promise(() => undefined) // never answers
        if (req.url.endsWith('/bytes')) return { statusCode: 200, data: new Uint8Array([1, 2, 3]) }
        return { statusCode: 201, header: { 'x-a': '1' }, data: '{"ok":true}' }
      }
    })
    const ok = await call(`wx.request({ url: 'https://h/x', method: 'post', data: { a: 1 }, header: { 'X-T': 't' }, success: resolve })`)
    expect(ok).toMatchObject({ statusCode: 201, data: { ok: true }, header: { 'x-a': '1' }, errMsg: 'request:ok' })
    expect(seen[seen.length - 1]).toMatchObject({ method: 'POST', data: { a: 1 }, header: { 'X-T': 't' } })

    const bytes = await call(`wx.request({ url: 'https://h/bytes', responseType: 'arraybuffer', success: (r) => resolve({ ab: r.data instanceof ArrayBuffer, n: r.data.byteLength }) })`)
    expect(bytes).toEqual({ ab: true, n: 3 })

    const timeout = await call(`wx.request({ url: 'https://h/slow', timeout: 30, fail: resolve })`)
    expect(timeout.errMsg).toBe('request:fail timeout')

    const aborted = await call(`const t = wx.request({ url: 'https://h/slow', fail: resolve }); t.abort()`)
    expect(aborted.errMsg).toBe('request:fail abort')
    expect(mp.requests.filter((r) => r.aborted)).toHaveLength(1)
  })

  it('storage (sync and async), toasts recorded, unstubbed keys reported', async () => {
    mp = await bootMiniProgram({ platform: 'weapp', storage: { a: 'x' } })
    mp.evaluate(`wx.setStorageSync('obj', { n: 1 })`)
    expect(mp.storage.get('obj')).toEqual({ n: 1 })
    expect(mp.evaluate(`wx.getStorageSync('missing')`)).toBe('')
    const got = await call(`wx.getStorage({ key: 'a', success: resolve })`)
    expect(got).toMatchObject({ data: 'x', errMsg: 'getStorage:ok' })
    const missing = await call(`wx.getStorage({ key: 'nope', fail: resolve })`)
    expect(missing.errMsg).toMatch(/^getStorage:fail/)
    const promised = await mp.evaluate<Promise<{ data: string }>>(`wx.getStorage({ key: 'a' })`)
    expect(promised.data).toBe('x')

    mp.evaluate(`wx.showToast({ title: '已保存' })`)
    await mp.idle()
    expect(mp.calls('showToast')).toEqual([{ title: '已保存' }])

    mp.evaluate(`typeof wx.startFacialRecognitionVerify`)
    expect(mp.unhandledKeys).toContain('startFacialRecognitionVerify')
  })

  it('a throwing timer callback is recorded, not swallowed', async () => {
    mp = await bootMiniProgram({ platform: 'weapp' })
    mp.evaluate(`setTimeout(() => { throw new Error('boom in timer') }, 0)`)
    await mp.idle()
    expect(mp.errors).toEqual([expect.objectContaining({ kind: 'timer', message: 'Error: boom in timer' })])
  })
})

describe('alipay stubs', () => {
  beforeAll(() => assertBuilt('alipay'))

  it('my.request answers with status/headers; storage takes { key, data }', async () => {
    mp = await bootMiniProgram({ platform: 'alipay', request: () => ({ statusCode: 200, header: { a: 'b' }, data: { ok: 1 } }) })
    const res = await mp.evaluate<Promise<Record<string, unknown>>>(`new Promise((resolve) => my.request({ url: 'https://h/x', success: resolve }))`)
    expect(res).toEqual({ status: 200, headers: { a: 'b' }, data: { ok: 1 } })
    mp.evaluate(`my.setStorageSync({ key: 'k', data: 'v' })`)
    expect(mp.evaluate(`my.getStorageSync({ key: 'k' }).data`)).toBe('v')
    expect(mp.evaluate(`typeof my.getRandomValues`)).toBe('undefined')
  })
})
