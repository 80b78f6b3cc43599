import RocksDB from 'rocksdb-native'
import type { ChunkRef } from '../format/tree.js'

const CHUNK = 0x63 // 'c' + chunk id -> location
const SNAPSHOT = 0x73 // 's' + snapshot id -> indexed
const LENGTH = 0x6c // 'l' + core key -> highest core length (blocks) the index has seen

/** Index value: core key (32) ‖ offset u64 LE ‖ record length u32 LE ‖ plaintext size u32 LE. */
function encodeLocation (ref: ChunkRef): Buffer {
  const b = Buffer.allocUnsafe(48)
  ref.core.copy(b, 0)
  b.writeBigUInt64LE(BigInt(ref.offset), 32)
  b.writeUInt32LE(ref.length, 40)
  b.writeUInt32LE(ref.size, 44)
  return b
}

function decodeLocation (id: Buffer, b: Buffer): ChunkRef {
  return { id, core: Buffer.from(b.subarray(0, 32)), offset: Number(b.readBigUInt64LE(32)), length: b.readUInt32LE(40), size: b.readUInt32LE(44) }
}

function key (tag: number, id: Buffer): Buffer {
  const k = Buffer.allocUnsafe(33)
  k[0] = tag
  id.copy(k, 1)
  return k
}

/**
 * The local chunk index, id -> location, on disk in RocksDB so that a vault of millions of
 * chunks costs disk, not heap. A cache: `reindex` rebuilds it from snapshots' trees.
 */
export class ChunkIndex {
  private readonly db: RocksDB

  constructor (path: string) {
    this.db = new RocksDB(path)
  }

  ready (): Promise<void> { return this.db.ready() }
  close (): Promise<void> { return this.db.close() }

  /** One read batch for many ids: a lookup costs a thread-pool round trip, so batch them. */
  async getMany (ids: Buffer[]): Promise<Array<ChunkRef | null>> {
    const r = this.db.read()
    const got = ids.map(id => r.get(key(CHUNK, id)))
    await r.flush()
    const values = await Promise.all(got)
    r.destroy()
    return values.map((v, i) => v === null ? null : decodeLocation(ids[i], v))
  }

  /** Stores refs; with `seen`, records in the same batch how long that core was when they were. */
  async putAll (refs: Iterable<ChunkRef>, seen?: { core: Buffer, length: number }): Promise<void> {
    const w = this.db.write()
    for (const r of refs) w.tryPut(key(CHUNK, r.id), encodeLocation(r))
    if (seen !== undefined) {
      const v = Buffer.alloc(8)
      v.writeBigUInt64LE(BigInt(seen.length))
      w.tryPut(key(LENGTH, seen.core), v)
    }
    await w.flush()
    w.destroy()
  }

  /** The highest length of `core` this index has recorded entries against (0 if none). */
  async seenLength (core: Buffer): Promise<number> {
    const v = await this.db.get(key(LENGTH, core))
    return v === null ? 0 : Number(v.readBigUInt64LE(0))
  }

  async hasSnapshot (id: Buffer): Promise<boolean> {
    return (await this.db.get(key(SNAPSHOT, id))) !== null
  }

  async markSnapshot (id: Buffer): Promise<void> {
    await this.db.put(key(SNAPSHOT, id), Buffer.alloc(1))
  }
}
