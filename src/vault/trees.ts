import { type Content, type Entry, decodeTree, encodeTree, compareNames } from '../format/tree.js'
import { RecordType, type RecordTypeId } from '../format/record.js'
import { Chunker } from '../chunker/fastcdc.js'
import { ContentBuilder, readBlob } from '../store/content.js'
import type { Vault } from './vault.js'

/** Chunks a blob held in memory (a tree) and stores it like file content. */
export async function writeBlob (vault: Vault, type: RecordTypeId, data: Buffer): Promise<Content> {
  const chunker = new Chunker(vault.gear, vault.config.chunker)
  const builder = new ContentBuilder(vault.chunks)
  for (const ref of await vault.chunks.putMany(type, [...chunker.push(data), ...chunker.end()])) await builder.add(ref)
  return builder.finish()
}

export async function writeTree (vault: Vault, entries: Entry[]): Promise<Content> {
  entries.sort((a, b) => compareNames(a.name, b.name))
  return writeBlob(vault, RecordType.TREE, encodeTree(entries))
}

export async function readTree (vault: Vault, content: Content): Promise<Entry[]> {
  return decodeTree(await readBlob(vault.chunks, content, 'tree'))
}

/** The entry at a slash-separated path below a root tree, or null; '' or '/' is the root. */
export async function findEntry (vault: Vault, root: Content, relPath: string): Promise<Entry | null> {
  const parts = relPath.split('/').filter(p => p !== '' && p !== '.')
  let entry: Entry = { name: '', type: 'dir', mode: 0o755, mtimeSec: 0, mtimeNsec: 0, size: 0, ino: 0n, content: root, target: null }
  for (const part of parts) {
    if (entry.type !== 'dir' || entry.content === null) return null
    const next = (await readTree(vault, entry.content)).find(e => e.name === part)
    if (next === undefined) return null
    entry = next
  }
  return entry
}
