import c from 'compact-encoding'
import { P2VaultError } from '../errors.js'
import { type Codec, encode, decode, expectVersion } from './codec.js'
import { sign, verify, SIGNATURE_BYTES } from '../crypto/sign.js'

export const RECEIPT_VERSION = 1

/**
 * A durability receipt: the seeder `seeder` states that it holds `core` contiguously up to
 * `length` blocks, whose Merkle tree hash is `treeHash`, on disk at `time`.
 */
export interface Receipt { seeder: Buffer, core: Buffer, length: number, treeHash: Buffer, time: number }

const bodyCodec: Codec<Receipt> = {
  preencode (s, r) { c.uint.preencode(s, RECEIPT_VERSION); c.fixed32.preencode(s, r.seeder); c.fixed32.preencode(s, r.core); c.uint.preencode(s, r.length); c.fixed32.preencode(s, r.treeHash); c.uint.preencode(s, r.time) },
  encode (s, r) { c.uint.encode(s, RECEIPT_VERSION); c.fixed32.encode(s, r.seeder); c.fixed32.encode(s, r.core); c.uint.encode(s, r.length); c.fixed32.encode(s, r.treeHash); c.uint.encode(s, r.time) },
  decode (s) {
    expectVersion(s, RECEIPT_VERSION, 'receipt')
    return { seeder: Buffer.from(c.fixed32.decode(s)), core: Buffer.from(c.fixed32.decode(s)), length: c.uint.decode(s), treeHash: Buffer.from(c.fixed32.decode(s)), time: c.uint.decode(s) }
  }
}

/** body ‖ Ed25519 signature by the seeder's own key under the domain "receipt". */
export function signReceipt (r: Receipt, seederSecretKey: Buffer): Buffer {
  const body = encode(bodyCodec, r)
  return Buffer.concat([body, sign('receipt', body, seederSecretKey)])
}

/** Decodes a receipt and checks it is signed by the seeder it names. */
export function openReceipt (bytes: Uint8Array): Receipt {
  if (bytes.byteLength <= SIGNATURE_BYTES) throw P2VaultError.BAD_RECORD('receipt too short')
  const body = bytes.subarray(0, bytes.byteLength - SIGNATURE_BYTES)
  const r = decode(bodyCodec, body, 'receipt')
  if (!verify('receipt', body, bytes.subarray(bytes.byteLength - SIGNATURE_BYTES), r.seeder)) throw P2VaultError.BAD_SIGNATURE('receipt')
  return r
}
