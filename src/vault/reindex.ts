import type { ChunkRef, Content } from '../format/tree.js'
import { decodeListNode } from '../format/tree.js'
import { readTree } from './trees.js'
import type { P2VaultError } from '../errors.js'
import type { Vault } from './vault.js'

/**
 * Brings the chunk index up to date with every snapshot it has not seen: the index is a
 * cache, and this rebuilds it from the logs (after it was deleted, or a push died before
 * marking its snapshot). Only trees and chunk lists are read, never file data. Refs are
 * written children first, so a ref found in the index means everything below it is there.
 */
export async function reindex (vault: Vault): Promise<number> {
  let added = 0
  for (const snap of await vault.snapshots()) {
    const id = Buffer.from(snap.id, 'hex')
    if (await vault.index.hasSnapshot(id)) continue
    try {
      added += await indexContent(vault, snap.root, true)
    } catch (err) {
      // Another device's trees not reachable now (offline): index it on a later push.
      if ((err as P2VaultError).code === 'MISSING_BLOCK') continue
      throw err
    }
    await vault.index.markSnapshot(id)
  }
  return added
}

async function known (vault: Vault, refs: ChunkRef[]): Promise<boolean> {
  if (refs.length === 0) return true
  return (await vault.index.getMany(refs.map(r => r.id))).every(r => r !== null)
}

async function indexContent (vault: Vault, content: Content, isTree: boolean): Promise<number> {
  if (await known(vault, content.refs)) return 0
  let added = await indexRefs(vault, content.refs, content.depth)
  if (isTree) {
    for (const e of await readTree(vault, content)) {
      if (e.content !== null) added += await indexContent(vault, e.content, e.type === 'dir')
    }
  }
  await vault.index.putAll(content.refs)
  return added + content.refs.length
}

/** Indexes what lies below refs of the given depth (list nodes and their chunks), not the refs. */
async function indexRefs (vault: Vault, refs: ChunkRef[], depth: number): Promise<number> {
  if (depth === 0) return 0
  let added = 0
  for (const ref of refs) {
    const node = decodeListNode(await vault.chunks.get(ref, 'chunk list node'))
    added += await indexRefs(vault, node.refs, node.depth)
    await vault.index.putAll(node.refs)
    added += node.refs.length
  }
  return added
}
