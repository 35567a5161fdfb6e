/**
 * jsdom for component tests (opt in per file with a `@jest-environment ./test/setup/jsdomEnvironment.js`
 * docblock; the global testEnvironment stays `node`).
 *
 * Stock jsdom lacks what jose and msw/node need, so Node's own implementations are put into the
 * window's global. Checked one by one (removing each) against test/component:
 * - TextEncoder / TextDecoder — required: jose fails at import without them;
 * - crypto = Node's webcrypto (`subtle` + `getRandomValues`) — required: jsdom has no `subtle`, so
 *   jose's importKey fails and the trust list is refused; the store's device key uses getRandomValues;
 * - fetch, Request, Response, Headers, FormData, Blob, File — required: the Taro stand-in calls
 *   `fetch`, msw/node intercepts it and answers with Responses (without: "Request is not defined");
 * - the web streams — msw's Response bodies; AbortController / AbortSignal — so that fetch and the
 *   signal the Taro stand-in passes it come from the same realm (Node's fetch rejects a foreign
 *   one; these tests pass without it only because msw answers before Node's fetch sees the signal);
 * - BroadcastChannel — required: msw 2's `ws` API creates one when msw is imported;
 * - structuredClone — not needed by these tests; a precaution, jsdom has none;
 * - setImmediate / clearImmediate — jest's jsdom env drops them; React's scheduler then picks
 *   another tick source. With setImmediate present it never uses a MessageChannel, whose port
 *   would keep jest from exiting. (MessageChannel is deliberately NOT provided for that reason.)
 *
 * Uint8Array across realms: TextEncoder and webcrypto are Node's, so the bytes they return are
 * Node-realm Uint8Arrays, while jose's `instanceof Uint8Array` checks run against the test realm's
 * constructor. The page's claim path only verifies (string payloads) and passes without it, but
 * jose signing (`CompactSign` over TextEncoder bytes, as presentations do) fails with "payload must
 * be an instance of Uint8Array". So the test realm gets Node's Uint8Array and ArrayBuffer.
 *
 * Export conditions: jest-environment-jsdom resolves packages with the `browser` condition, under
 * which `msw/node` resolves to null (no test runs at all). Node's conditions are used instead; jose 6
 * has one WebCrypto build for every condition, and React/testing-library do not depend on it.
 */
const { TestEnvironment: JSDOMEnvironment } = require('jest-environment-jsdom')
const { TextEncoder, TextDecoder } = require('node:util')
const { webcrypto } = require('node:crypto')
const { BroadcastChannel } = require('node:worker_threads')
const streams = require('node:stream/web')

class CertWalletJsdomEnvironment extends JSDOMEnvironment {
  constructor(config, context) {
    super(config, context)
    this.customExportConditions = ['node', 'node-addons']
    const g = this.global
    const put = (name, value) => {
      if (value === undefined) return
      Object.defineProperty(g, name, { value, writable: true, configurable: true, enumerable: false })
    }

    put('TextEncoder', TextEncoder)
    put('TextDecoder', TextDecoder)
    put('crypto', webcrypto)
    put('Uint8Array', Uint8Array)
    put('ArrayBuffer', ArrayBuffer)

    for (const name of ['fetch', 'Request', 'Response', 'Headers', 'FormData', 'Blob', 'File', 'AbortController', 'AbortSignal']) {
      put(name, globalThis[name])
    }
    for (const name of [
      'ReadableStream',
      'ReadableStreamDefaultReader',
      'WritableStream',
      'TransformStream',
      'TextEncoderStream',
      'TextDecoderStream',
      'ByteLengthQueuingStrategy',
      'CountQueuingStrategy'
    ]) {
      put(name, streams[name])
    }

    put('structuredClone', globalThis.structuredClone)
    put('BroadcastChannel', BroadcastChannel)
    put('setImmediate', setImmediate)
    put('clearImmediate', clearImmediate)
  }
}

module.exports = CertWalletJsdomEnvironment
module.exports.TestEnvironment = CertWalletJsdomEnvironment
