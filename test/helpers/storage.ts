import RocksDB from 'rocksdb-native'
import path from 'node:path'
import { BlockWriter } from '../../src/store/block-writer.js'
import { writeBlob } from '../../src/vault/trees.js'
import { encodeTree, type Entry, type ChunkRef } from '../../src/format/tree.js'
import { RecordType, Codec, RECORD_HEADER_BYTES, encodeRecordHeader } from '../../src/format/record.js'
import type { Vault } from '../../src/index.js'

/**
 * Rewrites one stored block of a closed corestore with a bit flipped, through RocksDB itself
 * so that its own checksums still hold and only the block's AEAD can notice.
 */
export async function flipBitInStoredBlock (corestoreDir: string, sealed: Buffer, bit: number): Promise<boolean> {
  const col = new RocksDB.ColumnFamily('corestore', { enableBlobFiles: true, minBlobSize: 4096 })
  const db = new RocksDB(path.join(corestoreDir, 'db'), { columnFamilies: [col] })
  await db.ready()
  const cf = db.columnFamily(col)
  let found = false
  try {
    for await (const { key, value } of cf.iterator({})) {
      if (!value.equals(sealed)) continue
      const bad = Buffer.from(value)
      bad[bit >> 3] ^= 1 << (bit & 7)
      await cf.put(key, bad)
      found = true
    }
  } finally {
    await db.close()
  }
  return found
}

/** Appends a snapshot whose root tree holds `entries` exactly as given, unchecked (for attacks). */
export async function craftSnapshot (vault: Vault, entries: Entry[]): Promise<string> {
  const writer = new BlockWriter(vault.dataCore, vault.keys.blockKey, vault.config.blockSize)
  vault.chunks.attach(writer)
  const root = await writeBlob(vault, RecordType.TREE, encodeTree(entries))
  await writer.finish()
  const stats = { files: entries.length, dirs: 0, bytes: 0, bytesNew: 0, dataBlocks: 0 }
  const body = await vault.appendMeta({
    type: 'snapshot',
    snapshot: { time: Date.now(), host: 'crafted', paths: ['/crafted'], tags: [], parent: null, root, dataCore: vault.dataCore.key, dataLength: vault.dataCore.length, stats }
  })
  return vault.snapshotId(body)
}

/** Stores `data` as a data record labelled with the chunk id `id` (its own, or a forged one). */
export async function storeRecordAs (vault: Vault, data: Buffer, id: Buffer): Promise<ChunkRef> {
  const writer = new BlockWriter(vault.dataCore, vault.keys.blockKey, vault.config.blockSize)
  const header = encodeRecordHeader({ type: RecordType.DATA, codec: Codec.NONE, bodyLength: data.byteLength, id: id })
  const offset = await writer.write([header, data])
  await writer.finish()
  return { id: id, core: vault.dataCore.key, offset, length: RECORD_HEADER_BYTES + data.byteLength, size: data.byteLength }
}

export function fileEntry (name: string, refs: ChunkRef[], size: number): Entry {
  return { name, type: 'file', mode: 0o644, mtimeSec: 1700000000, mtimeNsec: 0, size, ino: 1n, content: { size, depth: 0, refs }, target: null }
}
