import fs from 'node:fs/promises'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { P2VaultError } from '../errors.js'
import { type ChunkRef, type Entry, isSafeName } from '../format/tree.js'
import { dataRefs } from '../store/content.js'
import { findEntry, readTree } from './trees.js'
import type { Vault } from './vault.js'

/** Chunks fetched concurrently while writing: storage reads overlap decryption and writes. */
const FETCH_AHEAD = 16

export interface PullProgress { files: number, bytes: number, totalBytes: number }
export interface PullOptions { includes?: string[], onProgress?: (p: PullProgress) => void }
export interface PullResult { snapshot: string, files: number, bytes: number }

/**
 * Restores a snapshot under `dest`. Each file is written to a temporary name beside its
 * final one, checked chunk by chunk, and renamed into place only when whole; names come
 * from verified trees and are checked again here; a symlink in the way is replaced, never
 * followed.
 */
export async function pull (vault: Vault, ref: string, dest: string, opts: PullOptions = {}): Promise<PullResult> {
  const snap = await vault.findSnapshot(ref)
  const includes = (opts.includes ?? []).map(p => p.split('/').filter(s => s !== '' && s !== '.'))
  for (const inc of includes) {
    if (await findEntry(vault, snap.root, inc.join('/')) === null) throw P2VaultError.NOT_IN_SNAPSHOT(inc.join('/'))
  }
  const root = path.resolve(dest)
  await makeDestination(root)
  const puller = new Puller(vault, includes, snap.stats.bytes, opts)
  await puller.dir(await readTree(vault, snap.root), root, [])
  return { snapshot: snap.id, files: puller.files, bytes: puller.bytes }
}

async function makeDestination (root: string): Promise<void> {
  try {
    await fs.mkdir(root, { recursive: true })
    await fs.access(root, fs.constants.W_OK)
    const st = await fs.stat(root)
    if (!st.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' })
  } catch (err) {
    throw P2VaultError.DEST_NOT_WRITABLE(root, (err as NodeJS.ErrnoException).code ?? (err as Error).message)
  }
}

/** Whether `rel` is inside an include, or a directory on the way to one. */
function wanted (includes: string[][], rel: string[]): 'all' | 'partial' | 'no' {
  if (includes.length === 0) return 'all'
  let partial = false
  for (const inc of includes) {
    const n = Math.min(inc.length, rel.length)
    if (inc.slice(0, n).every((p, i) => p === rel[i])) {
      if (rel.length >= inc.length) return 'all'
      partial = true
    }
  }
  return partial ? 'partial' : 'no'
}

class Puller {
  files = 0
  bytes = 0

  constructor (private readonly vault: Vault, private readonly includes: string[][], private readonly totalBytes: number, private readonly opts: PullOptions) {}

  async dir (entries: Entry[], dir: string, rel: string[]): Promise<void> {
    for (const e of entries) {
      if (!isSafeName(e.name)) throw P2VaultError.UNSAFE_NAME(e.name)
      const childRel = [...rel, e.name]
      const want = wanted(this.includes, childRel)
      if (want === 'no' || (want === 'partial' && e.type !== 'dir')) continue
      const target = path.join(dir, e.name)
      if (e.type === 'dir') {
        await ensureDir(target)
        await this.dir(await readTree(this.vault, e.content!), target, childRel)
        if (want === 'all') await setAttrs(target, e)
      } else if (e.type === 'symlink') {
        await this.symlink(e, dir, target)
      } else {
        await this.file(e, dir, target)
      }
    }
  }

  private async file (e: Entry, dir: string, target: string): Promise<void> {
    const tmp = path.join(dir, `.p2vault-${randomBytes(6).toString('hex')}.tmp`)
    const fh = await fs.open(tmp, 'wx', 0o600)
    try {
      try {
        let written = 0
        for await (const data of this.fetchAhead(dataRefs(this.vault.chunks, e.content!))) {
          await fh.write(data)
          written += data.byteLength
          this.bytes += data.byteLength
          this.opts.onProgress?.({ files: this.files, bytes: this.bytes, totalBytes: this.totalBytes })
        }
        if (written !== e.content!.size) throw P2VaultError.BAD_RECORD(`${e.name}: chunks add up to ${written} bytes, the tree says ${e.content!.size}`)
        await fh.sync()
      } finally {
        await fh.close()
      }
      await setAttrs(tmp, e)
      await replace(tmp, target)
      this.files++
    } catch (err) {
      await fs.rm(tmp, { force: true })
      throw err
    }
  }

  /** Chunks in order, with up to FETCH_AHEAD fetched (read, opened, checked) at once. */
  private async * fetchAhead (refs: AsyncGenerator<ChunkRef>): AsyncGenerator<Uint8Array> {
    const window: Promise<Uint8Array>[] = []
    for await (const ref of refs) {
      const p = this.vault.chunks.get(ref, 'data chunk')
      p.catch(() => {}) // awaited in order below
      window.push(p)
      if (window.length >= FETCH_AHEAD) yield await window.shift()!
    }
    while (window.length > 0) yield await window.shift()!
  }

  private async symlink (e: Entry, dir: string, target: string): Promise<void> {
    const tmp = path.join(dir, `.p2vault-${randomBytes(6).toString('hex')}.tmp`)
    await fs.symlink(e.target!, tmp)
    try {
      await fs.lutimes(tmp, e.mtimeSec, mtimeSeconds(e))
      await replace(tmp, target)
    } catch (err) {
      await fs.rm(tmp, { force: true })
      throw err
    }
  }
}

function mtimeSeconds (e: Entry): number {
  return e.mtimeSec + e.mtimeNsec / 1e9
}

async function setAttrs (p: string, e: Entry): Promise<void> {
  await fs.chmod(p, e.mode)
  await fs.utimes(p, mtimeSeconds(e), mtimeSeconds(e))
}

/** A directory that is really one: whatever else is there (a symlink, a file) is removed first. */
async function ensureDir (p: string): Promise<void> {
  const st = await fs.lstat(p).catch(() => null)
  if (st !== null && st.isDirectory()) return
  if (st !== null) await fs.rm(p, { force: true })
  await fs.mkdir(p, { mode: 0o700 })
}

/** Renames over the target; a directory standing there is not removed but reported. */
async function replace (tmp: string, target: string): Promise<void> {
  const st = await fs.lstat(target).catch(() => null)
  if (st !== null && st.isDirectory()) throw P2VaultError.DEST_NOT_WRITABLE(target, 'a directory is in the way of a file')
  await fs.rename(tmp, target)
}
