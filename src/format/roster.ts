import c from 'compact-encoding'
import { P2VaultError } from '../errors.js'
import { type Codec, encode, decode, expectVersion } from './codec.js'
import { sign, verify, SIGNATURE_BYTES } from '../crypto/sign.js'

export const ROSTER_VERSION = 1

/**
 * A device's roster entry: its two core keys, signed with the vault signing key. Seeders and
 * other devices accept a core only through an entry that verifies against the seed key.
 */
export interface RosterEntry { dataCore: Buffer, metaCore: Buffer, created: number }

const bodyCodec: Codec<RosterEntry> = {
  preencode (s, e) { c.uint.preencode(s, ROSTER_VERSION); c.fixed32.preencode(s, e.dataCore); c.fixed32.preencode(s, e.metaCore); c.uint.preencode(s, e.created) },
  encode (s, e) { c.uint.encode(s, ROSTER_VERSION); c.fixed32.encode(s, e.dataCore); c.fixed32.encode(s, e.metaCore); c.uint.encode(s, e.created) },
  decode (s) {
    expectVersion(s, ROSTER_VERSION, 'roster entry')
    return { dataCore: Buffer.from(c.fixed32.decode(s)), metaCore: Buffer.from(c.fixed32.decode(s)), created: c.uint.decode(s) }
  }
}

/** body ‖ Ed25519 signature (64) under the domain "roster", with the seed key bound in. */
export function signRosterEntry (e: RosterEntry, seedKey: Buffer, signingSecretKey: Buffer): Buffer {
  const body = encode(bodyCodec, e)
  return Buffer.concat([body, sign('roster', Buffer.concat([seedKey, body]), signingSecretKey)])
}

/** Decodes an entry and checks its signature against the seed key; refuses anything else. */
export function openRosterEntry (bytes: Uint8Array, seedKey: Buffer): RosterEntry {
  if (bytes.byteLength <= SIGNATURE_BYTES) throw P2VaultError.BAD_RECORD('roster entry too short')
  const body = bytes.subarray(0, bytes.byteLength - SIGNATURE_BYTES)
  const sig = bytes.subarray(bytes.byteLength - SIGNATURE_BYTES)
  if (!verify('roster', Buffer.concat([seedKey, body]), sig, seedKey)) throw P2VaultError.BAD_SIGNATURE('roster entry')
  return decode(bodyCodec, body, 'roster entry')
}
