import sodium from 'sodium-native'
import { encode, decode } from './base32.js'
import { P2VaultError } from '../errors.js'

export const KEY_BYTES = 32
const CHECKSUM_BYTES = 4
const NAMESPACE = 'p2vault/v1/'

/** String prefixes: a vault key and a seed key can never be mistaken for each other. */
export const VAULT_KEY_PREFIX = 'p2vk_'
export const SEED_KEY_PREFIX = 'p2vs_'
export const SEEDER_KEY_PREFIX = 'p2vp_'
export const INVITE_PREFIX = 'p2vi_'
const PREFIXES: Record<string, string> = { [VAULT_KEY_PREFIX]: 'vault key', [SEED_KEY_PREFIX]: 'seed key', [SEEDER_KEY_PREFIX]: 'seeder key', [INVITE_PREFIX]: 'invite' }

export interface VaultKeys {
  vaultKey: Buffer
  blockKey: Buffer
  chunkIdKey: Buffer
  chunkerKey: Buffer
  snapshotIdKey: Buffer
  signing: { publicKey: Buffer, secretKey: Buffer }
  /** The public half of the signing pair: all a seeder is ever given. */
  seedKey: Buffer
}

export function generateVaultKey (): Buffer {
  const key = Buffer.alloc(KEY_BYTES)
  sodium.randombytes_buf(key)
  return key
}

/** BLAKE2b-256 keyed with the vault key over a named domain tag. */
export function deriveKey (vaultKey: Uint8Array, name: string): Buffer {
  const out = Buffer.alloc(KEY_BYTES)
  sodium.crypto_generichash(out, Buffer.from(NAMESPACE + name), vaultKey)
  return out
}

export function deriveVaultKeys (vaultKey: Buffer): VaultKeys {
  const publicKey = Buffer.alloc(32)
  const secretKey = Buffer.alloc(64)
  sodium.crypto_sign_seed_keypair(publicKey, secretKey, deriveKey(vaultKey, 'signing'))
  return {
    vaultKey,
    blockKey: deriveKey(vaultKey, 'block'),
    chunkIdKey: deriveKey(vaultKey, 'chunk-id'),
    chunkerKey: deriveKey(vaultKey, 'chunker'),
    snapshotIdKey: deriveKey(vaultKey, 'snapshot-id'),
    signing: { publicKey, secretKey },
    seedKey: publicKey
  }
}

function checksum (prefix: string, key: Uint8Array): Buffer {
  const out = Buffer.alloc(16) // BLAKE2b's shortest output; the first 4 bytes are the checksum
  sodium.crypto_generichash(out, Buffer.concat([Buffer.from(prefix), key]))
  return out.subarray(0, CHECKSUM_BYTES)
}

function formatKey (prefix: string, key: Uint8Array): string {
  return prefix + encode(Buffer.concat([key, checksum(prefix, key)]))
}

export function formatVaultKey (key: Uint8Array): string { return formatKey(VAULT_KEY_PREFIX, key) }
export function formatSeedKey (key: Uint8Array): string { return formatKey(SEED_KEY_PREFIX, key) }
/** A seeder's own public key (its DHT and receipt-signing identity). */
export function formatSeederKey (key: Uint8Array): string { return formatKey(SEEDER_KEY_PREFIX, key) }

/** Characters after the prefix for `keys` keys and the checksum. */
function bodyChars (keys: number): number {
  return Math.ceil((keys * KEY_BYTES + CHECKSUM_BYTES) * 8 / 5)
}

/**
 * Parses a string of the expected kind holding one key (or, for invites, one or more); every
 * failure names what is wrong, never the key.
 */
function parseKey (text: string, prefix: string, many = false): Buffer {
  const want = PREFIXES[prefix]
  const s = text.trim().toLowerCase()
  const found = Object.keys(PREFIXES).find(p => s.startsWith(p))
  if (found === undefined) throw P2VaultError.INVALID_KEY(`not a p2vault ${want} (it should start with ${prefix})`)
  if (found !== prefix) throw P2VaultError.WRONG_KEY_TYPE(`this is a ${PREFIXES[found]}, but a ${want} is needed (it starts with ${prefix})`)
  const body = s.slice(prefix.length)
  let keys = 1
  while (many && bodyChars(keys) < body.length) keys++
  if (body.length !== bodyChars(keys)) {
    throw P2VaultError.INVALID_KEY(`${want} has ${body.length} characters after ${prefix}, expected ${bodyChars(keys)} (truncated or mistyped?)`)
  }
  const bytes = decode(body)
  if (bytes === null) throw P2VaultError.INVALID_KEY(`${want} contains characters that are not base32 (mistyped?)`)
  const key = bytes.subarray(0, keys * KEY_BYTES)
  if (!checksum(prefix, key).equals(bytes.subarray(keys * KEY_BYTES))) {
    throw P2VaultError.INVALID_KEY(`${want} checksum does not match (mistyped?)`)
  }
  return Buffer.from(key)
}

/** An invite: the vault key and the keys of the vault's seeders, so a new machine finds them at once. */
export function formatInvite (vaultKey: Uint8Array, seeders: Uint8Array[]): string {
  return formatKey(INVITE_PREFIX, Buffer.concat([vaultKey, ...seeders]))
}

export function parseInvite (text: string): { vaultKey: Buffer, seeders: Buffer[] } {
  const all = parseKey(text, INVITE_PREFIX, true)
  const seeders: Buffer[] = []
  for (let i = KEY_BYTES; i < all.byteLength; i += KEY_BYTES) seeders.push(all.subarray(i, i + KEY_BYTES))
  return { vaultKey: all.subarray(0, KEY_BYTES), seeders }
}

/** A vault key or an invite, as `join` takes them. */
export function parseVaultKeyOrInvite (text: string): { vaultKey: Buffer, seeders: Buffer[] } {
  return text.trim().toLowerCase().startsWith(INVITE_PREFIX) ? parseInvite(text) : { vaultKey: parseVaultKey(text), seeders: [] }
}

export function parseVaultKey (text: string): Buffer { return parseKey(text, VAULT_KEY_PREFIX) }
export function parseSeedKey (text: string): Buffer { return parseKey(text, SEED_KEY_PREFIX) }
export function parseSeederKey (text: string): Buffer { return parseKey(text, SEEDER_KEY_PREFIX) }
