import sodium from 'sodium-native'
import { P2VaultError } from '../errors.js'

/** Format version bound into every block's associated data. */
export const BLOCK_FORMAT_VERSION = 1
export const NONCE_BYTES = 24
export const TAG_BYTES = 16
/** Bytes a sealed block adds to its payload. */
export const SEAL_OVERHEAD = NONCE_BYTES + TAG_BYTES

/** Associated data: format version ‖ core key ‖ block index (u64 LE). Moves a block and it fails. */
export function blockAD (coreKey: Uint8Array, index: number): Buffer {
  const ad = Buffer.alloc(1 + 32 + 8)
  ad[0] = BLOCK_FORMAT_VERSION
  ad.set(coreKey, 1)
  ad.writeBigUInt64LE(BigInt(index), 33)
  return ad
}

/** nonce ‖ ciphertext ‖ tag, XChaCha20-Poly1305 with a random nonce. */
export function seal (key: Uint8Array, plaintext: Uint8Array, ad: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(NONCE_BYTES + plaintext.byteLength + TAG_BYTES)
  const nonce = out.subarray(0, NONCE_BYTES)
  sodium.randombytes_buf(nonce)
  sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(out.subarray(NONCE_BYTES), plaintext, ad, null, nonce, key)
  return out
}

/** Opens a sealed block; `what` names it in the error if authentication fails. */
export function open (key: Uint8Array, sealed: Uint8Array, ad: Uint8Array, what: string): Buffer {
  if (sealed.byteLength < SEAL_OVERHEAD) throw P2VaultError.BLOCK_AUTH_FAILED(what)
  const out = Buffer.allocUnsafe(sealed.byteLength - SEAL_OVERHEAD)
  try {
    sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(out, null, sealed.subarray(NONCE_BYTES), ad, sealed.subarray(0, NONCE_BYTES), key)
  } catch {
    throw P2VaultError.BLOCK_AUTH_FAILED(what)
  }
  return out
}
