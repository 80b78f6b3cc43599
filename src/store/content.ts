import { type ChunkRef, type Content, encodeListNode, decodeListNode } from '../format/tree.js'
import { RecordType } from '../format/record.js'
import { P2VaultError } from '../errors.js'
import type { ChunkStore } from './chunk-store.js'

/** Average refs per list node: a node ends after a ref whose id's low bits are zero. */
export const LIST_FANOUT = 64
export const LIST_MAX_REFS = 1024
/** Up to this many top-level refs are kept in the tree entry itself. */
export const INLINE_REFS = 8

function isBoundary (ref: ChunkRef): boolean {
  return ref.id.readUInt32LE(0) % LIST_FANOUT === 0
}

/**
 * Builds the Merkle list of a blob's chunk refs, streaming. Node boundaries depend only on
 * the refs themselves (as in a prolly tree), so an edit rewrites the few nodes on its path:
 * a 1 GiB file's list changes by a few KB per edited chunk, never by the whole list.
 */
export class ContentBuilder {
  private readonly levels: ChunkRef[][] = [[]]
  private size = 0

  constructor (private readonly store: ChunkStore) {}

  async add (ref: ChunkRef): Promise<void> {
    this.size += ref.size
    await this.push(0, ref)
  }

  async finish (): Promise<Content> {
    for (let d = 0; ; d++) {
      const refs = this.levels[d]
      if (d === this.levels.length - 1 && refs.length <= INLINE_REFS) return { size: this.size, depth: d, refs }
      if (refs.length > 0) await this.emit(d)
    }
  }

  private async push (depth: number, ref: ChunkRef): Promise<void> {
    const level = this.levels[depth]
    level.push(ref)
    if (isBoundary(ref) || level.length >= LIST_MAX_REFS) await this.emit(depth)
  }

  private async emit (depth: number): Promise<void> {
    const refs = this.levels[depth]
    this.levels[depth] = []
    if (this.levels.length === depth + 1) this.levels.push([])
    const node = await this.store.put(RecordType.LIST, encodeListNode({ depth, refs }))
    await this.push(depth + 1, node)
  }
}

/** The data chunk refs of a content, in order, fetching list nodes as it goes. */
export async function * dataRefs (store: ChunkStore, content: Content): AsyncGenerator<ChunkRef> {
  yield * walk(store, content.refs, content.depth)
}

async function * walk (store: ChunkStore, refs: ChunkRef[], depth: number): AsyncGenerator<ChunkRef> {
  if (depth === 0) {
    yield * refs
    return
  }
  for (const ref of refs) {
    const node = decodeListNode(await store.get(ref, 'chunk list node'))
    if (node.depth !== depth - 1) throw P2VaultError.BAD_RECORD('chunk list node at the wrong depth')
    yield * walk(store, node.refs, node.depth)
  }
}

/** Reads a whole blob into memory (trees, not file data). */
export async function readBlob (store: ChunkStore, content: Content, what: string): Promise<Buffer> {
  const parts: Uint8Array[] = []
  for await (const ref of dataRefs(store, content)) parts.push(await store.get(ref, what))
  const all = Buffer.concat(parts)
  if (all.byteLength !== content.size) throw P2VaultError.BAD_RECORD(`${what} has the wrong size`)
  return all
}
