import c from 'compact-encoding'
import { P2VaultError } from '../errors.js'

export type State = ReturnType<typeof c.state>
export type Codec<T> = { preencode (s: State, v: T): void, encode (s: State, v: T): void, decode (s: State): T }

export function encode<T> (codec: Codec<T>, value: T): Buffer {
  const s = c.state()
  codec.preencode(s, value)
  s.buffer = Buffer.allocUnsafe(s.end)
  codec.encode(s, value)
  return s.buffer as Buffer
}

/** Decodes a whole buffer; trailing bytes or a short buffer are a malformed record. */
export function decode<T> (codec: Codec<T>, buf: Uint8Array, what: string, allowTrailing = false): T {
  const s = c.state(0, buf.byteLength, buf)
  let value: T
  try {
    value = codec.decode(s)
  } catch (err) {
    if (err instanceof P2VaultError) throw err
    throw P2VaultError.BAD_RECORD(what)
  }
  if (!allowTrailing && s.start !== s.end) throw P2VaultError.BAD_RECORD(`${what} (trailing bytes)`)
  return value
}

/** Reads the version field first and refuses unknown ones. */
export function expectVersion (s: State, want: number, what: string): void {
  const v = c.uint.decode(s)
  if (v !== want) throw P2VaultError.UNSUPPORTED_VERSION(what, v)
}
