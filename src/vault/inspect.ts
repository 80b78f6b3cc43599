import { P2VaultError } from '../errors.js'
import { type Content, type Entry, compareNames } from '../format/tree.js'
import { findEntry, readTree } from './trees.js'
import type { Vault } from './vault.js'

export interface ListedEntry { path: string, type: Entry['type'], mode: number, size: number, mtime: string, target?: string }

function listed (rel: string, e: Entry): ListedEntry {
  const out: ListedEntry = { path: rel, type: e.type, mode: e.mode, size: e.size, mtime: new Date(e.mtimeSec * 1000 + Math.floor(e.mtimeNsec / 1e6)).toISOString() }
  if (e.target !== null) out.target = e.target
  return out
}

/** Every entry at and below `relPath` of a snapshot, depth first, in name order. */
export async function ls (vault: Vault, ref: string, relPath = ''): Promise<ListedEntry[]> {
  const snap = await vault.findSnapshot(ref)
  const start = await findEntry(vault, snap.root, relPath)
  if (start === null) throw P2VaultError.NOT_IN_SNAPSHOT(relPath)
  const prefix = relPath.split('/').filter(p => p !== '' && p !== '.').join('/')
  const out: ListedEntry[] = []
  if (prefix !== '') out.push(listed(prefix, start))
  if (start.type === 'dir') await walk(vault, start.content!, prefix, out)
  return out
}

async function walk (vault: Vault, tree: Content, rel: string, out: ListedEntry[]): Promise<void> {
  for (const e of await readTree(vault, tree)) {
    const p = rel === '' ? e.name : `${rel}/${e.name}`
    out.push(listed(p, e))
    if (e.type === 'dir') await walk(vault, e.content!, p, out)
  }
}

export interface DiffResult { added: string[], removed: string[], modified: string[] }

/** Paths added, removed and modified (type, mode or content) from snapshot a to b. */
export async function diff (vault: Vault, a: string, b: string): Promise<DiffResult> {
  const [sa, sb] = [await vault.findSnapshot(a), await vault.findSnapshot(b)]
  const out: DiffResult = { added: [], removed: [], modified: [] }
  await diffTrees(vault, sa.root, sb.root, '', out)
  return out
}

function sameContent (a: Content | null, b: Content | null): boolean {
  if (a === null || b === null) return a === b
  return a.size === b.size && a.depth === b.depth && a.refs.length === b.refs.length && a.refs.every((r, i) => r.id.equals(b.refs[i].id))
}

async function diffTrees (vault: Vault, a: Content, b: Content, rel: string, out: DiffResult): Promise<void> {
  if (sameContent(a, b)) return
  const ea = new Map((await readTree(vault, a)).map(e => [e.name, e]))
  const eb = new Map((await readTree(vault, b)).map(e => [e.name, e]))
  const names = [...new Set([...ea.keys(), ...eb.keys()])].sort(compareNames)
  for (const name of names) {
    const [x, y] = [ea.get(name), eb.get(name)]
    const p = rel === '' ? name : `${rel}/${name}`
    if (x === undefined) await collect(vault, y!, p, out.added)
    else if (y === undefined) await collect(vault, x, p, out.removed)
    else if (x.type === 'dir' && y.type === 'dir') {
      if (x.mode !== y.mode) out.modified.push(p + '/')
      await diffTrees(vault, x.content!, y.content!, p, out)
    } else if (x.type !== y.type || x.mode !== y.mode || x.target !== y.target || !sameContent(x.content, y.content)) {
      out.modified.push(p)
    }
  }
}

/** A path and, for a directory, everything below it. */
async function collect (vault: Vault, e: Entry, p: string, into: string[]): Promise<void> {
  into.push(e.type === 'dir' ? p + '/' : p)
  if (e.type !== 'dir') return
  for (const child of await readTree(vault, e.content!)) await collect(vault, child, `${p}/${child.name}`, into)
}
