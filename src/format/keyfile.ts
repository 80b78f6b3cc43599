import c from 'compact-encoding'
import { P2VaultError } from '../errors.js'
import { encode, decode } from './codec.js'
import type { KdfParams } from '../crypto/passphrase.js'

export const KEYFILE_VERSION = 1
const MAGIC = Buffer.from('p2vault-key\n')

/** The local copy of a vault key: plain, or wrapped with an Argon2id-stretched passphrase. */
export type KeyFile =
  | { kind: 'plain', key: Buffer }
  | { kind: 'wrapped', kdf: KdfParams, sealed: Buffer }

export function encodeKeyFile (k: KeyFile): Buffer {
  return Buffer.concat([MAGIC, encode<KeyFile>({
    preencode (s, v) {
      c.uint.preencode(s, KEYFILE_VERSION); c.uint8.preencode(s, 0)
      if (v.kind === 'plain') c.fixed32.preencode(s, v.key)
      else { c.buffer.preencode(s, v.kdf.salt); c.uint.preencode(s, v.kdf.opslimit); c.uint.preencode(s, v.kdf.memlimit); c.buffer.preencode(s, v.sealed) }
    },
    encode (s, v) {
      c.uint.encode(s, KEYFILE_VERSION); c.uint8.encode(s, v.kind === 'plain' ? 0 : 1)
      if (v.kind === 'plain') c.fixed32.encode(s, v.key)
      else { c.buffer.encode(s, v.kdf.salt); c.uint.encode(s, v.kdf.opslimit); c.uint.encode(s, v.kdf.memlimit); c.buffer.encode(s, v.sealed) }
    },
    decode () { throw new Error('unused') }
  }, k)])
}

export function decodeKeyFile (buf: Buffer): KeyFile {
  if (!buf.subarray(0, MAGIC.byteLength).equals(MAGIC)) throw P2VaultError.INVALID_KEY('the vault key file is not a p2vault key file')
  return decode<KeyFile>({
    preencode () {},
    encode () {},
    decode (s) {
      const v = c.uint.decode(s)
      if (v !== KEYFILE_VERSION) throw P2VaultError.UNSUPPORTED_VERSION('vault key file', v)
      const kind = c.uint8.decode(s)
      if (kind === 0) return { kind: 'plain', key: Buffer.from(c.fixed32.decode(s)) }
      if (kind !== 1) throw P2VaultError.BAD_RECORD(`vault key file: unknown kind ${kind}`)
      const salt = Buffer.from(c.buffer.decode(s) ?? Buffer.alloc(0))
      const opslimit = c.uint.decode(s)
      const memlimit = c.uint.decode(s)
      return { kind: 'wrapped', kdf: { salt, opslimit, memlimit }, sealed: Buffer.from(c.buffer.decode(s) ?? Buffer.alloc(0)) }
    }
  }, buf.subarray(MAGIC.byteLength), 'vault key file')
}
