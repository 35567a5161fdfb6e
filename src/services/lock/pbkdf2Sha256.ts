/**
 * PBKDF2-HMAC-SHA256 (RFC 8018) written for an interpreter: iOS runs mini-program logic in
 * JavaScriptCore without JIT, where every bytecode counts.
 *
 * Same output as `pbkdf2(sha256, …)` from @noble/hashes (a test holds the two together and checks
 * RFC 7914 §11 vectors), but each iteration is exactly two SHA-256 compressions over fixed blocks:
 * - the HMAC inner and outer pads are hashed once (the key is the PIN), and each iteration starts
 *   from those two saved states;
 * - the padding of the 32-byte inner and outer messages is constant, so the message words are
 *   written straight into the schedule, never through bytes or a DataView;
 * - the compression is unrolled by 8 with the working variables renamed (no 8-way shuffle per
 *   round), rotations are written inline, and everything lives in locals and one Int32Array.
 * noble's generic pbkdf2 clones an HMAC object, pads, serialises and re-reads bytes each
 * iteration; under `node --jitless` that is ~4× slower (docs/BENCHMARKS.md, Lock).
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
])

const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]

/**
 * One SHA-256 compression: state `s` (8 words at offset `so`) is updated with the 16 message
 * words already in `w[0..15]` (w is the 64-word schedule, overwritten).
 */
function compress(s: Int32Array, so: number, w: Int32Array): void {
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15]
    const y = w[i - 2]
    w[i] =
      (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)) +
      w[i - 7] +
      (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) +
      w[i - 16] |
      0
  }
  let a = s[so]
  let b = s[so + 1]
  let c = s[so + 2]
  let d = s[so + 3]
  let e = s[so + 4]
  let f = s[so + 5]
  let g = s[so + 6]
  let h = s[so + 7]
  let t1 = 0
  let t2 = 0
  // Eight rounds per pass; the roles rotate through the names instead of the values moving.
  for (let i = 0; i < 64; i += 8) {
    t1 = h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + K[i] + w[i] | 0
    t2 = (((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c)) | 0
    d = d + t1 | 0
    h = t1 + t2 | 0
    t1 = g + (((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7))) + ((d & e) ^ (~d & f)) + K[i + 1] + w[i + 1] | 0
    t2 = (((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10))) + ((h & a) ^ (h & b) ^ (a & b)) | 0
    c = c + t1 | 0
    g = t1 + t2 | 0
    t1 = f + (((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7))) + ((c & d) ^ (~c & e)) + K[i + 2] + w[i + 2] | 0
    t2 = (((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10))) + ((g & h) ^ (g & a) ^ (h & a)) | 0
    b = b + t1 | 0
    f = t1 + t2 | 0
    t1 = e + (((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7))) + ((b & c) ^ (~b & d)) + K[i + 3] + w[i + 3] | 0
    t2 = (((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10))) + ((f & g) ^ (f & h) ^ (g & h)) | 0
    a = a + t1 | 0
    e = t1 + t2 | 0
    t1 = d + (((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7))) + ((a & b) ^ (~a & c)) + K[i + 4] + w[i + 4] | 0
    t2 = (((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10))) + ((e & f) ^ (e & g) ^ (f & g)) | 0
    h = h + t1 | 0
    d = t1 + t2 | 0
    t1 = c + (((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7))) + ((h & a) ^ (~h & b)) + K[i + 5] + w[i + 5] | 0
    t2 = (((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10))) + ((d & e) ^ (d & f) ^ (e & f)) | 0
    g = g + t1 | 0
    c = t1 + t2 | 0
    t1 = b + (((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7))) + ((g & h) ^ (~g & a)) + K[i + 6] + w[i + 6] | 0
    t2 = (((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10))) + ((c & d) ^ (c & e) ^ (d & e)) | 0
    f = f + t1 | 0
    b = t1 + t2 | 0
    t1 = a + (((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7))) + ((f & g) ^ (~f & h)) + K[i + 7] + w[i + 7] | 0
    t2 = (((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10))) + ((b & c) ^ (b & d) ^ (c & d)) | 0
    e = e + t1 | 0
    a = t1 + t2 | 0
  }
  s[so] = s[so] + a | 0
  s[so + 1] = s[so + 1] + b | 0
  s[so + 2] = s[so + 2] + c | 0
  s[so + 3] = s[so + 3] + d | 0
  s[so + 4] = s[so + 4] + e | 0
  s[so + 5] = s[so + 5] + f | 0
  s[so + 6] = s[so + 6] + g | 0
  s[so + 7] = s[so + 7] + h | 0
}

/** Big-endian words of `bytes` (length a multiple of 4 not required: zero-filled). */
function wordsInto(w: Int32Array, at: number, bytes: Uint8Array, from: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const j = from + i
    w[at + (i >> 2)] |= (bytes[j] ?? 0) << (24 - 8 * (i & 3))
  }
}

/** SHA-256 of a whole message, into state `s` at offset `so` (for the HMAC key and first block). */
function hashInto(s: Int32Array, so: number, prefixState: Int32Array | null, prefixBytes: number, msg: Uint8Array, w: Int32Array): void {
  if (prefixState) for (let i = 0; i < 8; i++) s[so + i] = prefixState[i]
  else for (let i = 0; i < 8; i++) s[so + i] = IV[i]
  const total = prefixBytes + msg.length
  const padded = new Uint8Array(Math.ceil((msg.length + 9) / 64) * 64)
  padded.set(msg)
  padded[msg.length] = 0x80
  const bits = total * 8
  const dv = new DataView(padded.buffer)
  dv.setUint32(padded.length - 8, Math.floor(bits / 2 ** 32))
  dv.setUint32(padded.length - 4, bits >>> 0)
  for (let off = 0; off < padded.length; off += 64) {
    w.fill(0, 0, 16)
    wordsInto(w, 0, padded, off, 64)
    compress(s, so, w)
  }
}

/**
 * PBKDF2-HMAC-SHA256(password, salt, iterations, dkLen).
 * @example pbkdf2Sha256(utf8Encode('135790'), salt, 50_000, 32)
 */
export function pbkdf2Sha256(password: Uint8Array, salt: Uint8Array, iterations: number, dkLen: number): Uint8Array {
  if (!Number.isSafeInteger(iterations) || iterations < 1) throw new RangeError('pbkdf2: iterations')
  if (!Number.isSafeInteger(dkLen) || dkLen < 1 || dkLen > 255 * 32) throw new RangeError('pbkdf2: dkLen')
  const w = new Int32Array(64)
  // HMAC key: hashed when longer than a block.
  let key = password
  if (key.length > 64) {
    const ks = new Int32Array(8)
    hashInto(ks, 0, null, 0, key, w)
    key = new Uint8Array(32)
    for (let i = 0; i < 32; i++) key[i] = ks[i >> 2] >>> (24 - 8 * (i & 3))
  }
  const pad = new Uint8Array(64)
  // states: [0..7] inner pad, [8..15] outer pad, [16..23] working inner, [24..31] working outer.
  const st = new Int32Array(32)
  pad.fill(0x36)
  for (let i = 0; i < key.length; i++) pad[i] ^= key[i]
  for (let i = 0; i < 8; i++) st[i] = IV[i]
  w.fill(0, 0, 16)
  wordsInto(w, 0, pad, 0, 64)
  compress(st, 0, w)
  pad.fill(0x5c)
  for (let i = 0; i < key.length; i++) pad[i] ^= key[i]
  for (let i = 0; i < 8; i++) st[8 + i] = IV[i]
  w.fill(0, 0, 16)
  wordsInto(w, 0, pad, 0, 64)
  compress(st, 8, w)

  const out = new Uint8Array(dkLen)
  const innerPad = st.subarray(0, 8)
  const u = new Int32Array(8)
  const t = new Int32Array(8)
  const block = new Uint8Array(salt.length + 4)
  block.set(salt)
  for (let blockIndex = 1, pos = 0; pos < dkLen; blockIndex++, pos += 32) {
    // U1 = HMAC(P, salt ‖ INT(i)): inner hash over the salt, then the outer over its digest.
    block[salt.length] = blockIndex >>> 24
    block[salt.length + 1] = blockIndex >>> 16
    block[salt.length + 2] = blockIndex >>> 8
    block[salt.length + 3] = blockIndex
    hashInto(st, 16, innerPad, 64, block, w)
    for (let i = 0; i < 8; i++) {
      st[24 + i] = st[8 + i]
      w[i] = st[16 + i]
    }
    w[8] = 0x80000000
    for (let i = 9; i < 15; i++) w[i] = 0
    w[15] = (64 + 32) * 8
    compress(st, 24, w)
    for (let i = 0; i < 8; i++) t[i] = u[i] = st[24 + i]
    // U2..Uc: two compressions each over fixed-shape blocks (32 message bytes + constant padding).
    for (let n = 1; n < iterations; n++) {
      for (let i = 0; i < 8; i++) {
        st[16 + i] = st[i]
        w[i] = u[i]
      }
      w[8] = 0x80000000
      w[9] = w[10] = w[11] = w[12] = w[13] = w[14] = 0
      w[15] = (64 + 32) * 8
      compress(st, 16, w)
      for (let i = 0; i < 8; i++) {
        st[24 + i] = st[8 + i]
        w[i] = st[16 + i]
      }
      w[8] = 0x80000000
      w[9] = w[10] = w[11] = w[12] = w[13] = w[14] = 0
      w[15] = (64 + 32) * 8
      compress(st, 24, w)
      for (let i = 0; i < 8; i++) {
        const v = st[24 + i]
        u[i] = v
        t[i] ^= v
      }
    }
    for (let i = 0; i < 32 && pos + i < dkLen; i++) out[pos + i] = t[i >> 2] >>> (24 - 8 * (i & 3))
  }
  return out
}
