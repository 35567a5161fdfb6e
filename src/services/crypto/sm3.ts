import { HashMD } from '@noble/hashes/_md'
import { clean, createHasher, rotl } from '@noble/hashes/utils'

/**
 * SM3 (GB/T 32905-2016, GM/T 0004), the hash of the SM2 suite. @noble/hashes has no SM3, so the
 * compression function is written here from the standard's text, on @noble/hashes' Merkle–Damgård
 * base (`HashMD`: buffering, padding, length encoding — identical to SHA-256's). It is checked
 * against the standard's two sample messages, OpenSSL's `dgst -sm3` and sm-crypto-v2 on random
 * inputs (test/unit/services/crypto/sm2.test.ts).
 *
 * Why not the SM3 of an SM2/SM3 library: sm-crypto-v2 ships as one module that, when loaded,
 * starts filling a random pool (`wx.getRandomValues` on WeChat, a dynamic `import('crypto')`
 * elsewhere, which fails on Alipay), so merely importing it touches platform APIs; its SM3 cannot
 * be imported alone. See docs/security.md (crypto suites).
 */

/** IV of SM3 (§4.1). */
const IV = new Uint32Array([0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e])
const W = new Uint32Array(68)
const W1 = new Uint32Array(64)
/** T_j rotated left by j, precomputed (§4.2, §5.3.3). */
const TJ = new Uint32Array(64)
for (let j = 0; j < 64; j++) TJ[j] = rotl(j < 16 ? 0x79cc4519 : 0x7a879d8a, j % 32)

const P0 = (x: number) => x ^ rotl(x, 9) ^ rotl(x, 17)
const P1 = (x: number) => x ^ rotl(x, 15) ^ rotl(x, 23)

class SM3 extends HashMD<SM3> {
  private A = IV[0] | 0
  private B = IV[1] | 0
  private C = IV[2] | 0
  private D = IV[3] | 0
  private E = IV[4] | 0
  private F = IV[5] | 0
  private G = IV[6] | 0
  private H = IV[7] | 0

  constructor() {
    super(64, 32, 8, false)
  }

  protected get(): number[] {
    const { A, B, C, D, E, F, G, H } = this
    return [A, B, C, D, E, F, G, H]
  }

  protected set(A: number, B: number, C: number, D: number, E: number, F: number, G: number, H: number): void {
    this.A = A | 0
    this.B = B | 0
    this.C = C | 0
    this.D = D | 0
    this.E = E | 0
    this.F = F | 0
    this.G = G | 0
    this.H = H | 0
  }

  /** Message expansion (§5.3.2) and the compression function CF (§5.3.3). */
  protected process(view: DataView, offset: number): void {
    for (let i = 0; i < 16; i++, offset += 4) W[i] = view.getUint32(offset, false)
    for (let i = 16; i < 68; i++) W[i] = P1(W[i - 16] ^ W[i - 9] ^ rotl(W[i - 3], 15)) ^ rotl(W[i - 13], 7) ^ W[i - 6]
    for (let i = 0; i < 64; i++) W1[i] = W[i] ^ W[i + 4]
    let { A, B, C, D, E, F, G, H } = this
    for (let j = 0; j < 64; j++) {
      const a12 = rotl(A, 12)
      const SS1 = rotl((a12 + E + TJ[j]) | 0, 7)
      const SS2 = SS1 ^ a12
      const FF = j < 16 ? A ^ B ^ C : (A & B) | (A & C) | (B & C)
      const GG = j < 16 ? E ^ F ^ G : (E & F) | (~E & G)
      const TT1 = (FF + D + SS2 + W1[j]) | 0
      const TT2 = (GG + H + SS1 + W[j]) | 0
      D = C
      C = rotl(B, 9)
      B = A
      A = TT1
      H = G
      G = rotl(F, 19)
      F = E
      E = P0(TT2)
    }
    this.set(A ^ this.A, B ^ this.B, C ^ this.C, D ^ this.D, E ^ this.E, F ^ this.F, G ^ this.G, H ^ this.H)
  }

  protected roundClean(): void {
    clean(W, W1)
  }

  destroy(): void {
    this.set(0, 0, 0, 0, 0, 0, 0, 0)
    clean(this.buffer)
  }
}

/** SM3 of `data` (32 bytes). Also a noble `CHash`, so `hmac(sm3, key, msg)` works. */
export const sm3 = createHasher(() => new SM3())
