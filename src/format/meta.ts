import c from 'compact-encoding'
import { P2VaultError } from '../errors.js'
import { type Codec, encode, decode, expectVersion } from './codec.js'
import { type Content, rootContent } from './tree.js'
import type { ChunkerParams } from '../chunker/fastcdc.js'

export const META_VERSION = 1
/** Every meta core block has this length, sealed; fixed by the format, not by the vault. */
export const META_BLOCK_BYTES = 4096

/** Block 0 of every meta core: the vault settings a device writes with, sealed like the rest. */
export interface DeviceHeader {
  created: number
  host: string
  blockSize: number
  chunker: ChunkerParams
  dataCore: Buffer
}

export interface SnapshotStats { files: number, dirs: number, bytes: number, bytesNew: number, dataBlocks: number }

export interface SnapshotRecord {
  time: number
  host: string
  paths: string[]
  tags: string[]
  parent: Buffer | null
  root: Content
  dataCore: Buffer
  /** The data core length (in blocks) this snapshot commits: all it refers to lies below. */
  dataLength: number
  stats: SnapshotStats
}

export type MetaRecord = { type: 'header', header: DeviceHeader } | { type: 'snapshot', snapshot: SnapshotRecord }

const strings = c.array(c.string)

const headerCodec: Codec<DeviceHeader> = {
  preencode (s, h) { c.uint.preencode(s, h.created); c.string.preencode(s, h.host); for (const n of [h.blockSize, h.chunker.min, h.chunker.avg, h.chunker.max]) c.uint.preencode(s, n); c.fixed32.preencode(s, h.dataCore) },
  encode (s, h) { c.uint.encode(s, h.created); c.string.encode(s, h.host); for (const n of [h.blockSize, h.chunker.min, h.chunker.avg, h.chunker.max]) c.uint.encode(s, n); c.fixed32.encode(s, h.dataCore) },
  decode (s) {
    const created = c.uint.decode(s)
    const host = c.string.decode(s)
    const blockSize = c.uint.decode(s)
    const chunker = { min: c.uint.decode(s), avg: c.uint.decode(s), max: c.uint.decode(s) }
    return { created, host, blockSize, chunker, dataCore: Buffer.from(c.fixed32.decode(s)) }
  }
}

const statsFields = ['files', 'dirs', 'bytes', 'bytesNew', 'dataBlocks'] as const

const snapshotCodec: Codec<SnapshotRecord> = {
  preencode (s, r) {
    c.uint.preencode(s, r.time); c.string.preencode(s, r.host); strings.preencode(s, r.paths); strings.preencode(s, r.tags)
    c.bool.preencode(s, r.parent !== null); if (r.parent) c.fixed32.preencode(s, r.parent)
    rootContent.preencode(s, r.root); c.fixed32.preencode(s, r.dataCore); c.uint.preencode(s, r.dataLength)
    for (const f of statsFields) c.uint.preencode(s, r.stats[f])
  },
  encode (s, r) {
    c.uint.encode(s, r.time); c.string.encode(s, r.host); strings.encode(s, r.paths); strings.encode(s, r.tags)
    c.bool.encode(s, r.parent !== null); if (r.parent) c.fixed32.encode(s, r.parent)
    rootContent.encode(s, r.root); c.fixed32.encode(s, r.dataCore); c.uint.encode(s, r.dataLength)
    for (const f of statsFields) c.uint.encode(s, r.stats[f])
  },
  decode (s) {
    const time = c.uint.decode(s)
    const host = c.string.decode(s)
    const paths = strings.decode(s)
    const tags = strings.decode(s)
    const parent = c.bool.decode(s) ? Buffer.from(c.fixed32.decode(s)) : null
    const root = rootContent.decode(s)
    const dataCore = Buffer.from(c.fixed32.decode(s))
    const dataLength = c.uint.decode(s)
    const stats = { files: 0, dirs: 0, bytes: 0, bytesNew: 0, dataBlocks: 0 }
    for (const f of statsFields) stats[f] = c.uint.decode(s)
    return { time, host, paths, tags, parent, root, dataCore, dataLength, stats }
  }
}

const TYPE_HEADER = 1
const TYPE_SNAPSHOT = 2

/** The record body: version ‖ type ‖ fields. Its bytes are what a snapshot id hashes. */
export function encodeMetaRecord (r: MetaRecord): Buffer {
  return encode<MetaRecord>({
    preencode (s, v) { c.uint.preencode(s, META_VERSION); c.uint8.preencode(s, 0); if (v.type === 'header') headerCodec.preencode(s, v.header); else snapshotCodec.preencode(s, v.snapshot) },
    encode (s, v) {
      c.uint.encode(s, META_VERSION)
      c.uint8.encode(s, v.type === 'header' ? TYPE_HEADER : TYPE_SNAPSHOT)
      if (v.type === 'header') headerCodec.encode(s, v.header); else snapshotCodec.encode(s, v.snapshot)
    },
    decode () { throw new Error('unused') }
  }, r)
}

export function decodeMetaRecord (body: Uint8Array): MetaRecord {
  return decode<MetaRecord>({
    preencode () {},
    encode () {},
    decode (s) {
      expectVersion(s, META_VERSION, 'meta record')
      const type = c.uint8.decode(s)
      if (type === TYPE_HEADER) return { type: 'header', header: headerCodec.decode(s) }
      if (type === TYPE_SNAPSHOT) return { type: 'snapshot', snapshot: snapshotCodec.decode(s) }
      throw P2VaultError.BAD_RECORD(`unknown meta record type ${type}`)
    }
  }, body, 'meta record')
}

/** A meta block payload: body length u16 LE ‖ body ‖ zero padding to the fixed payload size. */
export function frameMetaPayload (body: Buffer, payloadBytes: number): Buffer {
  if (body.byteLength + 2 > payloadBytes) throw P2VaultError.SNAPSHOT_TOO_LARGE()
  const out = Buffer.alloc(payloadBytes)
  out.writeUInt16LE(body.byteLength, 0)
  body.copy(out, 2)
  return out
}

export function unframeMetaPayload (payload: Buffer, what: string): Buffer {
  const len = payload.readUInt16LE(0)
  if (len + 2 > payload.byteLength) throw P2VaultError.BAD_RECORD(`${what}: length beyond block`)
  return payload.subarray(2, 2 + len)
}
