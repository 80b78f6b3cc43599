import sodium from 'sodium-native'

export const SIGNATURE_BYTES = 64

/** Ed25519 over a named domain tag and the message: a signature for one purpose fits no other. */
export function sign (domain: string, message: Uint8Array, secretKey: Uint8Array): Buffer {
  const sig = Buffer.alloc(SIGNATURE_BYTES)
  sodium.crypto_sign_detached(sig, signable(domain, message), secretKey)
  return sig
}

export function verify (domain: string, message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.byteLength !== SIGNATURE_BYTES || publicKey.byteLength !== 32) return false
  return sodium.crypto_sign_verify_detached(signature, signable(domain, message), publicKey)
}

function signable (domain: string, message: Uint8Array): Buffer {
  const tag = Buffer.from(`p2vault/v1/${domain}\0`)
  return Buffer.concat([tag, message])
}
