import type { ChunkRef } from '../format/tree.js'
import { RECORD_HEADER_BYTES, RecordType, type RecordTypeId, type CodecId, encodeRecordHeader, decodeRecordHeader } from '../format/record.js'
import { chunkId } from '../crypto/hash.js'
import { P2VaultError } from '../errors.js'
import { compress, decompress } from './compress.js'
import type { ChunkIndex } from './chunk-index.js'
import type { BlockReader } from './block-reader.js'
import type { BlockWriter } from './block-writer.js'

/** What one push stored: chunk counts by record kind, and plaintext bytes. */
export interface WriteStats { dataChunks: number, treeChunks: number, listNodes: number, bytesNew: number }

/**
 * A chunk ready to store: its id, plaintext size and either its raw bytes (codec null:
 * compressed only if it turns out to be new) or its body already compressed elsewhere.
 */
export interface PreparedChunk { id: Buffer, size: number, codec: CodecId | null, body: Uint8Array }

function emptyStats (): WriteStats {
  return { dataChunks: 0, treeChunks: 0, listNodes: 0, bytesNew: 0 }
}

/**
 * Chunks by id: `put` stores a chunk once (dedup through the index), `get` fetches one by
 * its ref and checks it end to end (AEAD per block, record id, keyed hash of the plaintext).
 */
export class ChunkStore {
  private writer: BlockWriter | null = null
  /** Chunks written by this push and not yet appended: the index learns them after append. */
  private pending = new Map<string, ChunkRef>()
  stats: WriteStats = emptyStats()

  constructor (
    readonly index: ChunkIndex,
    readonly reader: BlockReader,
    private readonly chunkIdKey: Buffer,
    private readonly isStored: (ref: ChunkRef) => Promise<boolean>
  ) {}

  id (data: Uint8Array): Buffer {
    return chunkId(this.chunkIdKey, data)
  }

  attach (writer: BlockWriter): void {
    this.writer = writer
    this.stats = emptyStats()
    writer.onAppend = (length) => this.commitPending(writer.coreKey, length, length * writer.payloadBytes)
  }

  async put (type: RecordTypeId, data: Uint8Array): Promise<ChunkRef> {
    return (await this.putMany(type, [data]))[0]
  }

  /** Stores the chunks not stored yet; one index lookup for the lot. */
  async putMany (type: RecordTypeId, chunks: Uint8Array[]): Promise<ChunkRef[]> {
    return this.putPrepared(type, chunks.map(c => ({ id: this.id(c), size: c.byteLength, codec: null, body: c })))
  }

  async putPrepared (type: RecordTypeId, chunks: PreparedChunk[]): Promise<ChunkRef[]> {
    const indexed = await this.index.getMany(chunks.map(c => c.id))
    const refs: ChunkRef[] = []
    for (let i = 0; i < chunks.length; i++) {
      const pending = this.pending.get(chunks[i].id.toString('hex'))
      const known = indexed[i]
      // An index entry beyond what is stored (a cache older than a lost write) is not trusted.
      if (pending !== undefined) refs.push(pending)
      else if (known !== null && await this.isStored(known)) refs.push(known)
      else refs.push(await this.write(type, chunks[i]))
    }
    return refs
  }

  private async write (type: RecordTypeId, chunk: PreparedChunk): Promise<ChunkRef> {
    const writer = this.writer
    if (writer === null) throw new Error('chunk store has no writer attached')
    const { codec, body } = chunk.codec === null ? compress(chunk.body) : { codec: chunk.codec, body: chunk.body }
    const { id, size } = chunk
    const header = encodeRecordHeader({ type, codec, bodyLength: body.byteLength, id })
    const ref: ChunkRef = { id, core: writer.coreKey, offset: writer.position, length: RECORD_HEADER_BYTES + body.byteLength, size }
    this.pending.set(id.toString('hex'), ref)
    await writer.write([header, body])
    this.stats[type === RecordType.DATA ? 'dataChunks' : type === RecordType.TREE ? 'treeChunks' : 'listNodes']++
    this.stats.bytesNew += size
    return ref
  }

  async get (ref: ChunkRef, what = 'chunk'): Promise<Uint8Array> {
    const label = `${what} ${ref.id.toString('hex').slice(0, 12)}`
    const record = await this.reader.read(ref.core, ref.offset, ref.length)
    const header = decodeRecordHeader(record, label)
    if (!header.id.equals(ref.id) || header.bodyLength !== ref.length - RECORD_HEADER_BYTES) {
      throw P2VaultError.CHUNK_ID_MISMATCH(`${label} (record at its location is another chunk)`)
    }
    const data = decompress(header.codec, record.subarray(RECORD_HEADER_BYTES), ref.size, label)
    if (data.byteLength !== ref.size || !this.id(data).equals(ref.id)) throw P2VaultError.CHUNK_ID_MISMATCH(label)
    return data
  }

  private async commitPending (core: Buffer, length: number, storedBytes: number): Promise<void> {
    const done: ChunkRef[] = []
    for (const [hex, ref] of this.pending) {
      if (ref.offset + ref.length > storedBytes) continue
      done.push(ref)
      this.pending.delete(hex)
    }
    await this.index.putAll(done, { core, length })
  }
}
