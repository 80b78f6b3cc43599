import c from 'compact-encoding'
import { P2VaultError } from '../errors.js'
import { type Codec, encode, decode, expectVersion } from './codec.js'
import { sign, verify, SIGNATURE_BYTES } from '../crypto/sign.js'
import { seal, open } from '../crypto/seal.js'
import type { ChunkerParams } from '../chunker/fastcdc.js'

export const ROSTER_VERSION = 1

/**
 * A device's roster entry: its two core keys, signed with the vault signing key. Seeders and
 * other devices accept a core only through an entry that verifies against the seed key.
 */
export interface RosterEntry {
  dataCore: Buffer
  metaCore: Buffer
  created: number
  /** The vault settings, sealed with the block key: a joining device reads them, a seeder cannot. */
  settings: Buffer
}

const bodyCodec: Codec<RosterEntry> = {
  preencode (s, e) { c.uint.preencode(s, ROSTER_VERSION); c.fixed32.preencode(s, e.dataCore); c.fixed32.preencode(s, e.metaCore); c.uint.preencode(s, e.created); c.buffer.preencode(s, e.settings) },
  encode (s, e) { c.uint.encode(s, ROSTER_VERSION); c.fixed32.encode(s, e.dataCore); c.fixed32.encode(s, e.metaCore); c.uint.encode(s, e.created); c.buffer.encode(s, e.settings) },
  decode (s) {
    expectVersion(s, ROSTER_VERSION, 'roster entry')
    const dataCore = Buffer.from(c.fixed32.decode(s))
    const metaCore = Buffer.from(c.fixed32.decode(s))
    const created = c.uint.decode(s)
    return { dataCore, metaCore, created, settings: Buffer.from(c.buffer.decode(s) ?? Buffer.alloc(0)) }
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

export interface VaultSettings { blockSize: number, chunker: ChunkerParams }

const SETTINGS_AD = Buffer.from('p2vault/v1/roster-settings')

const settingsCodec: Codec<VaultSettings> = {
  preencode (s, v) { c.uint.preencode(s, ROSTER_VERSION); for (const n of [v.blockSize, v.chunker.min, v.chunker.avg, v.chunker.max]) c.uint.preencode(s, n) },
  encode (s, v) { c.uint.encode(s, ROSTER_VERSION); for (const n of [v.blockSize, v.chunker.min, v.chunker.avg, v.chunker.max]) c.uint.encode(s, n) },
  decode (s) {
    expectVersion(s, ROSTER_VERSION, 'vault settings')
    const blockSize = c.uint.decode(s)
    return { blockSize, chunker: { min: c.uint.decode(s), avg: c.uint.decode(s), max: c.uint.decode(s) } }
  }
}

export function sealSettings (v: VaultSettings, blockKey: Buffer): Buffer {
  return seal(blockKey, encode(settingsCodec, v), SETTINGS_AD)
}

export function openSettings (sealed: Buffer, blockKey: Buffer): VaultSettings {
  return decode(settingsCodec, open(blockKey, sealed, SETTINGS_AD, 'vault settings in a roster entry'), 'vault settings')
}
