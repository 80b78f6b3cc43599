import c from 'compact-encoding'
import { P2VaultError } from '../errors.js'
import { type Codec, type State, encode, decode, expectVersion } from './codec.js'

export const TREE_VERSION = 1
export const LIST_VERSION = 1

/** Where a stored chunk lives and what it is: enough to fetch and check it with no index. */
export interface ChunkRef {
  id: Buffer
  /** Key of the data core holding it (any device's). */
  core: Buffer
  /** Byte offset of its record in the core's logical stream, and the record's length. */
  offset: number
  length: number
  /** Plaintext size of the chunk. */
  size: number
}

/**
 * The content of a file or of a directory's tree: a Merkle list of chunk refs. With depth 0
 * the refs are the chunks themselves; with depth d > 0 they are list nodes of depth d - 1.
 */
export interface Content { size: number, depth: number, refs: ChunkRef[] }

export type EntryType = 'file' | 'dir' | 'symlink'
const TYPE_IDS: Record<EntryType, number> = { file: 1, dir: 2, symlink: 3 }
const TYPES: Array<EntryType | undefined> = [undefined, 'file', 'dir', 'symlink']

export interface Entry {
  name: string
  type: EntryType
  mode: number
  mtimeSec: number
  mtimeNsec: number
  size: number
  ino: bigint
  /** file data, or the child tree of a directory */
  content: Content | null
  /** symlink target */
  target: string | null
}

export interface ListNode { depth: number, refs: ChunkRef[] }

/** Core keys are written once per object in a table; refs name them by index. */
class CoreTable {
  readonly keys: Buffer[] = []
  private readonly index = new Map<string, number>()

  add (key: Buffer): number {
    const hex = key.toString('hex')
    let i = this.index.get(hex)
    if (i === undefined) {
      i = this.keys.length
      this.keys.push(key)
      this.index.set(hex, i)
    }
    return i
  }
}

function tableFor (refs: Iterable<ChunkRef>): CoreTable {
  const t = new CoreTable()
  for (const r of refs) t.add(r.core)
  return t
}

function refCodec (t: CoreTable | Buffer[]): Codec<ChunkRef> {
  return {
    preencode (s, r) {
      c.fixed32.preencode(s, r.id)
      c.uint.preencode(s, (t as CoreTable).add(r.core))
      c.uint.preencode(s, r.offset)
      c.uint.preencode(s, r.length)
      c.uint.preencode(s, r.size)
    },
    encode (s, r) {
      c.fixed32.encode(s, r.id)
      c.uint.encode(s, (t as CoreTable).add(r.core))
      c.uint.encode(s, r.offset)
      c.uint.encode(s, r.length)
      c.uint.encode(s, r.size)
    },
    decode (s) {
      const id = Buffer.from(c.fixed32.decode(s))
      const core = (t as Buffer[])[c.uint.decode(s)]
      if (core === undefined) throw P2VaultError.BAD_RECORD('chunk ref names an unknown core')
      return { id, core, offset: c.uint.decode(s), length: c.uint.decode(s), size: c.uint.decode(s) }
    }
  }
}

function contentCodec (t: CoreTable | Buffer[]): Codec<Content> {
  const refs = c.array(refCodec(t))
  return {
    preencode (s, v) { c.uint.preencode(s, v.size); c.uint8.preencode(s, v.depth); refs.preencode(s, v.refs) },
    encode (s, v) { c.uint.encode(s, v.size); c.uint8.encode(s, v.depth); refs.encode(s, v.refs) },
    decode (s) { return { size: c.uint.decode(s), depth: c.uint8.decode(s), refs: refs.decode(s) } }
  }
}

const coreKeys = c.array(c.fixed32)

function entryCodec (t: CoreTable | Buffer[]): Codec<Entry> {
  const content = contentCodec(t)
  const both = (s: State, e: Entry, enc: boolean): void => {
    const f = enc ? 'encode' : 'preencode'
    c.string[f](s, e.name)
    c.uint8[f](s, TYPE_IDS[e.type])
    c.uint[f](s, e.mode)
    c.int[f](s, e.mtimeSec)
    c.uint[f](s, e.mtimeNsec)
    c.uint[f](s, e.size)
    c.biguint[f](s, e.ino)
    if (e.type === 'symlink') c.string[f](s, e.target ?? '')
    else content[f](s, e.content as Content)
  }
  return {
    preencode (s, e) { both(s, e, false) },
    encode (s, e) { both(s, e, true) },
    decode (s) {
      const name = c.string.decode(s)
      const type = TYPES[c.uint8.decode(s)]
      if (type === undefined) throw P2VaultError.BAD_RECORD(`unknown entry type for ${JSON.stringify(name)}`)
      const e: Entry = { name, type, mode: c.uint.decode(s), mtimeSec: c.int.decode(s), mtimeNsec: c.uint.decode(s), size: c.uint.decode(s), ino: c.biguint.decode(s), content: null, target: null }
      if (type === 'symlink') e.target = c.string.decode(s)
      else e.content = content.decode(s)
      return e
    }
  }
}

function entryRefs (entries: Entry[]): ChunkRef[] {
  return entries.flatMap(e => e.content?.refs ?? [])
}

/** A tree: one directory's entries, sorted by name (UTF-8 byte order), names unique. */
export function encodeTree (entries: Entry[]): Buffer {
  const t = tableFor(entryRefs(entries))
  const list = c.array(entryCodec(t))
  return encode({
    preencode (s) { c.uint.preencode(s, TREE_VERSION); coreKeys.preencode(s, t.keys); list.preencode(s, entries) },
    encode (s) { c.uint.encode(s, TREE_VERSION); coreKeys.encode(s, t.keys); list.encode(s, entries) },
    decode () { return null }
  }, null)
}

export function decodeTree (buf: Uint8Array): Entry[] {
  return decode({
    preencode () {},
    encode () {},
    decode (s) {
      expectVersion(s, TREE_VERSION, 'tree')
      const keys = coreKeys.decode(s).map(k => Buffer.from(k))
      return checkNames(c.array(entryCodec(keys)).decode(s))
    }
  }, buf, 'tree')
}

/** A name from a tree becomes a path component on pull: refuse anything but one plain name. */
export function isSafeName (name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\0')
}

export function compareNames (a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}

function checkNames (entries: Entry[]): Entry[] {
  for (let i = 0; i < entries.length; i++) {
    if (!isSafeName(entries[i].name)) throw P2VaultError.UNSAFE_NAME(entries[i].name)
    if (i > 0 && compareNames(entries[i - 1].name, entries[i].name) >= 0) throw P2VaultError.BAD_RECORD('tree entries not sorted or not unique')
  }
  return entries
}

export function encodeListNode (node: ListNode): Buffer {
  const t = tableFor(node.refs)
  const refs = c.array(refCodec(t))
  return encode({
    preencode (s) { c.uint.preencode(s, LIST_VERSION); c.uint8.preencode(s, node.depth); coreKeys.preencode(s, t.keys); refs.preencode(s, node.refs) },
    encode (s) { c.uint.encode(s, LIST_VERSION); c.uint8.encode(s, node.depth); coreKeys.encode(s, t.keys); refs.encode(s, node.refs) },
    decode () { return null }
  }, null)
}

export function decodeListNode (buf: Uint8Array): ListNode {
  return decode({
    preencode () {},
    encode () {},
    decode (s) {
      expectVersion(s, LIST_VERSION, 'chunk list node')
      const depth = c.uint8.decode(s)
      const keys = coreKeys.decode(s).map(k => Buffer.from(k))
      return { depth, refs: c.array(refCodec(keys)).decode(s) }
    }
  }, buf, 'chunk list node')
}

/** Content with its own core table, as a snapshot record carries its root. */
export const rootContent: Codec<Content> = {
  preencode (s, v) { const t = tableFor(v.refs); coreKeys.preencode(s, t.keys); contentCodec(t).preencode(s, v) },
  encode (s, v) { const t = tableFor(v.refs); coreKeys.encode(s, t.keys); contentCodec(t).encode(s, v) },
  decode (s) { const keys = coreKeys.decode(s).map(k => Buffer.from(k)); return contentCodec(keys).decode(s) }
}
