import { P2VaultError } from '../errors.js'

/**
 * Records framed into a data core's logical stream:
 *   type u8 ‖ codec u8 ‖ body length u32 LE ‖ chunk id (32) ‖ body
 * A zero type byte is padding: the rest of that block carries nothing.
 */
export const RECORD_HEADER_BYTES = 38

export const RecordType = { PADDING: 0, DATA: 1, TREE: 2, LIST: 3 } as const
export type RecordTypeId = typeof RecordType[keyof typeof RecordType]

export const Codec = { NONE: 0, BROTLI: 1 } as const
export type CodecId = typeof Codec[keyof typeof Codec]

export interface RecordHeader { type: RecordTypeId, codec: CodecId, bodyLength: number, id: Buffer }

export function encodeRecordHeader (h: RecordHeader): Buffer {
  const b = Buffer.alloc(RECORD_HEADER_BYTES)
  b[0] = h.type
  b[1] = h.codec
  b.writeUInt32LE(h.bodyLength, 2)
  h.id.copy(b, 6)
  return b
}

export function decodeRecordHeader (b: Uint8Array, what: string): RecordHeader {
  if (b.byteLength < RECORD_HEADER_BYTES) throw P2VaultError.BAD_RECORD(`${what}: short header`)
  const buf = Buffer.from(b.buffer, b.byteOffset, RECORD_HEADER_BYTES)
  const type = buf[0]
  const codec = buf[1]
  if (type < 1 || type > 3) throw P2VaultError.BAD_RECORD(`${what}: unknown record type ${type}`)
  if (codec > 1) throw P2VaultError.BAD_RECORD(`${what}: unknown codec ${codec}`)
  return { type: type as RecordTypeId, codec: codec as CodecId, bodyLength: buf.readUInt32LE(2), id: Buffer.from(buf.subarray(6, 38)) }
}
