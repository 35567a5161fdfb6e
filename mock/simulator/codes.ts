/** Share codes and paper ids: no 0/O, 1/I; 32 symbols, so a byte mod 32 is unbiased. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** Lower-case hex of random bytes: session ids, tokens, retrieval ids. */
export function hex(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += b.toString(16).padStart(2, '0')
  return s
}

/** `n` symbols a person can read aloud and type: paper ids and share codes. */
export function readableCode(random: (n: number) => Uint8Array, n: number): string {
  let out = ''
  for (const b of random(n)) out += CODE_ALPHABET[b % 32]
  return out
}

/** Share codes are shown in groups (ABCD-EFGH-…) and typed by people: case, spaces and dashes do not count. */
export function normalizeShareCode(code: string): string {
  return String(code ?? '').toUpperCase().replace(/[\s-]/g, '')
}
