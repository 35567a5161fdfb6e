/** The URL checks of 线上核验, written without `URL` (the mini-programs have none): where answers may go, and request links. */
import { httpOrigin, isResponseUri } from '../../../../src/services/online/registry'
import { requestUriOf, requestUriText } from '../../../../src/services/online/request'

it('response endpoints: https anywhere, http only on a loopback host; no user info, fragment or spaces', () => {
  expect(isResponseUri('https://rp.example.cn/response')).toBe(true)
  expect(isResponseUri('http://localhost:9600/response')).toBe(true)
  expect(isResponseUri('http://127.0.0.1:9600/response')).toBe(true)
  expect(isResponseUri('http://rp.example.cn/response')).toBe(false)
  expect(isResponseUri('https://user:pw@rp.example.cn/response')).toBe(false)
  expect(isResponseUri('https://rp.example.cn/response#x')).toBe(false)
  expect(isResponseUri('https://rp.example.cn/re sponse')).toBe(false)
  expect(isResponseUri('javascript:alert(1)')).toBe(false)
  expect(isResponseUri('https://' + 'a'.repeat(600))).toBe(false)
})

it('origins compare case-blind on the host and without default ports', () => {
  expect(httpOrigin('https://RP.example.cn:443/a')?.origin).toBe('https://rp.example.cn')
  expect(httpOrigin('http://localhost:80/a')?.origin).toBe('http://localhost')
  expect(httpOrigin('http://localhost:9600')?.origin).toBe('http://localhost:9600')
  expect(httpOrigin('https://rp.example.cn.evil.example/a')?.origin).toBe('https://rp.example.cn.evil.example')
})

it('request links: round trip; a link without client_id or to a plain-http host is refused; other texts are not links', () => {
  const link = requestUriText('91440101MA5D7RQ21E', 'http://localhost:9600/request/x?y=1&z=2')
  expect(requestUriOf(link)).toEqual({ clientId: '91440101MA5D7RQ21E', requestUri: 'http://localhost:9600/request/x?y=1&z=2' })
  expect(() => requestUriOf('openid4vp://?request_uri=https%3A%2F%2Frp.example%2Fr')).toThrow(expect.objectContaining({ code: 'ERR_RP_REQUEST_INVALID', detail: 'client_id' }))
  expect(() => requestUriOf(requestUriText('x', 'http://rp.example/r'))).toThrow(expect.objectContaining({ code: 'ERR_RP_REQUEST_INVALID', detail: 'request_uri' }))
  expect(requestUriOf('CWR1:abc')).toBeNull()
  expect(requestUriOf('openid4vp://?request=abc')).toBeNull()
})
