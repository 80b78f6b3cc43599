import sodium from 'sodium-native'

function hash (name: string, seedKey: Buffer): Buffer {
  const out = Buffer.alloc(32)
  sodium.crypto_generichash(out, Buffer.concat([Buffer.from(`p2vault/v1/${name}\0`), seedKey]))
  return out
}

/** The DHT topic of a vault: peers meet on it without learning the seed key from it. */
export function vaultTopic (seedKey: Buffer): Buffer { return hash('topic', seedKey) }

/** How a vault is named on the wire: peers that know the seed key recognise it. */
export function vaultId (seedKey: Buffer): Buffer { return hash('vault-id', seedKey) }

/**
 * Proof that the sender knows a vault's seed key, bound to one connection (the sender's and
 * the receiver's static keys): it cannot be replayed to the sender nor used on another
 * connection, and reveals nothing to a peer that does not know the seed key.
 */
export function vaultProof (seedKey: Buffer, senderKey: Buffer, receiverKey: Buffer): Buffer {
  return hash('vault-proof', Buffer.concat([seedKey, senderKey, receiverKey]))
}
