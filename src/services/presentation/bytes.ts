import { WalletError } from '../errors'
import { utf8Decode, utf8Encode } from '../encoding'

/** Append-only byte buffer with the few primitives the compact format needs. */
export class ByteWriter {
  private parts: number[] = []

  u8(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 255) throw new WalletError('ERR_MALFORMED', { detail: 'u8' })
    this.parts.push(v)
    return this
  }

  /** Unsigned LEB128. */
  varint(v: number): this {
    if (!Number.isSafeInteger(v) || v < 0) throw new WalletError('ERR_MALFORMED', { detail: 'varint' })
    do {
      let b = v % 128
      v = Math.floor(v / 128)
      if (v > 0) b |= 128
      this.parts.push(b)
    } while (v > 0)
    return this
  }

  bytes(b: Uint8Array): this {
    for (const x of b) this.parts.push(x)
    return this
  }

  /** varint length + bytes. */
  lenBytes(b: Uint8Array): this {
    return this.varint(b.length).bytes(b)
  }

  str(s: string): this {
    return this.lenBytes(utf8Encode(s))
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts)
  }
}

/** Reads what ByteWriter wrote; running past the end is ERR_MALFORMED (truncated input). */
export class ByteReader {
  pos = 0
  constructor(readonly buf: Uint8Array) {}

  private need(n: number) {
    if (this.pos + n > this.buf.length) throw new WalletError('ERR_MALFORMED', { detail: 'truncated' })
  }

  u8(): number {
    this.need(1)
    return this.buf[this.pos++]
  }

  varint(): number {
    let v = 0
    let mul = 1
    for (let i = 0; i < 8; i++) {
      const b = this.u8()
      v += (b & 127) * mul
      if (!(b & 128)) return v
      mul *= 128
    }
    throw new WalletError('ERR_MALFORMED', { detail: 'varint' })
  }

  bytes(n: number): Uint8Array {
    this.need(n)
    const out = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }

  lenBytes(max = 4096): Uint8Array {
    const n = this.varint()
    if (n > max) throw new WalletError('ERR_TOO_LARGE', { detail: 'field' })
    return this.bytes(n)
  }

  str(max = 1024): string {
    return utf8Decode(this.lenBytes(max))
  }

  get done(): boolean {
    return this.pos === this.buf.length
  }
}
