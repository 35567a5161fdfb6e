/**
 * Alipay Worker: cryptographically secure random bytes for the logic layer.
 *
 * Alipay's logic layer has no `crypto` and Alipay documents no `my.getRandomValues`; a Worker
 * started with `my.createWorker('workers/random.js')` has `crypto.getRandomValues` (public reports
 * of real-device probes, see docs/platforms.md). The caller is src/services/platform/random.alipay.ts.
 *
 * Protocol (messages are plain JSON-like objects):
 * - request  `{ type: 'random', id, length }`, id a non-negative integer, length 1..65536;
 * - reply    `{ id, ok: true, bytes }` (bytes: an array of `length` integers 0..255)
 *            or `{ id, ok: false, error }` (id -1 when the request itself was malformed).
 *
 * Copied into dist/alipay as written (config/index.ts `copy.patterns`), never bundled: hand-written
 * ES5, no imports, no `my` (the Worker has none); the platform gives the free variable `worker`.
 */
;(function () {
  'use strict'
  var MAX_LENGTH = 65536

  function isIndex(v, max) {
    return typeof v === 'number' && v >= 0 && v <= max && Math.floor(v) === v
  }

  worker.onMessage(function (message) {
    var m = message && typeof message === 'object' ? message : {}
    if (!isIndex(m.id, 9007199254740991)) return worker.postMessage({ id: -1, ok: false, error: 'bad request' })
    if (m.type !== 'random' || !isIndex(m.length, MAX_LENGTH) || m.length < 1) {
      return worker.postMessage({ id: m.id, ok: false, error: 'bad request' })
    }
    if (typeof crypto !== 'object' || crypto === null || typeof crypto.getRandomValues !== 'function') {
      return worker.postMessage({ id: m.id, ok: false, error: 'no crypto.getRandomValues in the worker' })
    }
    var bytes = new Uint8Array(m.length)
    crypto.getRandomValues(bytes)
    var out = []
    for (var i = 0; i < bytes.length; i++) out.push(bytes[i])
    worker.postMessage({ id: m.id, ok: true, bytes: out })
  })
})()
