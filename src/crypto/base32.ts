// RFC 4648 base32, lower case, no padding: keys are typed and read aloud, so no mixed case.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'

export function encode (bytes: Uint8Array): string {
  let out = ''
  let bits = 0
  let value = 0
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31]
  return out
}

/** Returns null on any character outside the alphabet, or non-zero unused trailing bits (one string per key). */
export function decode (text: string): Buffer | null {
  const out = Buffer.alloc(Math.floor(text.length * 5 / 8))
  let bits = 0
  let value = 0
  let i = 0
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch)
    if (v === -1) return null
    value = ((value << 5) | v) & 0xffff
    bits += 5
    if (bits >= 8) {
      out[i++] = (value >>> (bits - 8)) & 0xff
      bits -= 8
    }
  }
  if ((value & ((1 << bits) - 1)) !== 0) return null
  return out
}
