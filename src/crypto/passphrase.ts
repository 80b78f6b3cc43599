import sodium from 'sodium-native'
import { seal, open } from './seal.js'
import { P2VaultError } from '../errors.js'

export interface KdfParams { salt: Buffer, opslimit: number, memlimit: number }

/** Argon2id at libsodium's "moderate" cost: ~256 MiB, well under a second here. */
export function newKdfParams (cost: 'moderate' | 'interactive' = 'moderate'): KdfParams {
  const salt = Buffer.alloc(sodium.crypto_pwhash_SALTBYTES)
  sodium.randombytes_buf(salt)
  return cost === 'moderate'
    ? { salt, opslimit: sodium.crypto_pwhash_OPSLIMIT_MODERATE, memlimit: sodium.crypto_pwhash_MEMLIMIT_MODERATE }
    : { salt, opslimit: sodium.crypto_pwhash_OPSLIMIT_INTERACTIVE, memlimit: sodium.crypto_pwhash_MEMLIMIT_INTERACTIVE }
}

function stretch (passphrase: string, p: KdfParams): Buffer {
  const out = Buffer.alloc(32)
  sodium.crypto_pwhash(out, Buffer.from(passphrase, 'utf8'), p.salt, p.opslimit, p.memlimit, sodium.crypto_pwhash_ALG_ARGON2ID13)
  return out
}

const WRAP_AD = Buffer.from('p2vault/v1/key-wrap')

export function wrapKey (vaultKey: Uint8Array, passphrase: string, params: KdfParams): Buffer {
  return seal(stretch(passphrase, params), vaultKey, WRAP_AD)
}

export function unwrapKey (wrapped: Uint8Array, passphrase: string, params: KdfParams): Buffer {
  try {
    return open(stretch(passphrase, params), wrapped, WRAP_AD, 'key file')
  } catch {
    throw P2VaultError.BAD_PASSPHRASE()
  }
}
