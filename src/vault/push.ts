import fs from 'node:fs/promises'
import type { BigIntStats } from 'node:fs'
import path from 'node:path'
import { P2VaultError } from '../errors.js'
import { type Content, type Entry } from '../format/tree.js'
import { RecordType } from '../format/record.js'
import { Chunker } from '../chunker/fastcdc.js'
import { BlockWriter } from '../store/block-writer.js'
import { ContentBuilder } from '../store/content.js'
import { compileExcludes } from './glob.js'
import { FileChunker, FileReadError } from './file-chunker.js'
import { reindex } from './reindex.js'
import { readTree, writeTree } from './trees.js'
import type { Vault, Snapshot } from './vault.js'

/** Files from this size on are chunked on the worker thread; smaller ones are not worth a round trip. */
const WORKER_MIN_BYTES = 1024 * 1024

export interface PushProgress { files: number, bytes: number, totalFiles: number, totalBytes: number }
export interface PushWarning { path: string, message: string }

export interface PushOptions {
  tags?: string[]
  excludes?: string[]
  time?: number
  onWarning?: (w: PushWarning) => void
  /** When given, a first pass counts files and bytes so progress can show an ETA. */
  onProgress?: (p: PushProgress) => void
}

export interface PushResult {
  snapshot: string
  files: number
  dirs: number
  bytesRead: number
  bytesNew: number
  dataBlocks: number
  blockSize: number
  /** New chunks this push stored, by kind (a copy of known data adds no data chunk). */
  newChunks: { data: number, tree: number, list: number }
  warnings: PushWarning[]
}

/**
 * Stores a new snapshot of `source`: data and trees first (bottom-up), the snapshot record
 * last. Until that record is appended nothing refers to the new data, so a crash leaves
 * every earlier snapshot as it was.
 */
export async function push (vault: Vault, source: string, opts: PushOptions = {}): Promise<PushResult> {
  const abs = path.resolve(source)
  const st = await fs.stat(abs, { bigint: true }).catch(() => { throw P2VaultError.NO_PATH(source) })
  await reindex(vault)
  // The parent is this device's own latest snapshot of the same path: inode and mtime only
  // mean something on the machine that recorded them.
  const parent = (await vault.snapshots()).filter(s => s.dataCore.equals(vault.dataCore.key) && s.paths.length === 1 && s.paths[0] === abs).pop() ?? null
  const pusher = new Pusher(vault, opts)
  if (opts.onProgress) await pusher.count(abs, st)
  const writer = new BlockWriter(vault.dataCore, vault.keys.blockKey, vault.config.blockSize)
  vault.chunks.attach(writer)
  let root: Content
  try {
    root = st.isDirectory()
      ? await pusher.dir(abs, '', parent === null ? null : parent.root)
      : await writeTree(vault, await pusher.entries(path.dirname(abs), '', [path.basename(abs)], parent === null ? null : parent.root))
  } catch (err) {
    if (err instanceof FileReadError) throw P2VaultError.IO(`cannot read ${source}: ${err.message}`)
    throw err
  } finally {
    await pusher.close()
  }
  const dataBlocks = await writer.finish()
  const stats = { files: pusher.files, dirs: pusher.dirs, bytes: pusher.bytes, bytesNew: vault.chunks.stats.bytesNew, dataBlocks }
  const body = await vault.appendMeta({
    type: 'snapshot',
    snapshot: { time: opts.time ?? Date.now(), host: vault.host, paths: [abs], tags: opts.tags ?? [], parent: parentId(parent), root, dataCore: vault.dataCore.key, dataLength: vault.dataCore.length, stats }
  })
  const snapshot = vault.snapshotId(body)
  await vault.index.markSnapshot(Buffer.from(snapshot, 'hex'))
  const c = vault.chunks.stats
  return {
    snapshot, files: pusher.files, dirs: pusher.dirs, bytesRead: pusher.bytesRead, bytesNew: stats.bytesNew, dataBlocks, blockSize: vault.config.blockSize,
    newChunks: { data: c.dataChunks, tree: c.treeChunks, list: c.listNodes }, warnings: pusher.warnings
  }
}

function parentId (s: Snapshot | null): Buffer | null {
  return s === null ? null : Buffer.from(s.id, 'hex')
}

function mtimeOf (st: BigIntStats): { mtimeSec: number, mtimeNsec: number } {
  return { mtimeSec: Number(st.mtimeNs / 1_000_000_000n), mtimeNsec: Number(st.mtimeNs % 1_000_000_000n) }
}


class Pusher {
  files = 0
  dirs = 0
  bytes = 0
  bytesRead = 0
  /** Bytes of files looked at so far, read or reused: what progress counts. */
  private done = 0
  readonly warnings: PushWarning[] = []
  private readonly excluded: (rel: string) => boolean
  private total = { files: 0, bytes: 0 }
  private readonly worker: FileChunker

  constructor (private readonly vault: Vault, private readonly opts: PushOptions) {
    this.excluded = compileExcludes(opts.excludes ?? [])
    this.worker = new FileChunker({ gear: vault.gear, chunker: vault.config.chunker, chunkIdKey: vault.keys.chunkIdKey })
  }

  close (): Promise<void> {
    return this.worker.close()
  }

  private warn (rel: string, message: string): void {
    const w = { path: rel, message }
    this.warnings.push(w)
    this.opts.onWarning?.(w)
  }

  private progress (): void {
    this.opts.onProgress?.({ files: this.files, bytes: this.done, totalFiles: this.total.files, totalBytes: this.total.bytes })
  }

  /**
   * Stores one directory's tree, reusing the parent snapshot's tree at the same place.
   * Throws FileReadError when it cannot be listed: the caller skips it, as an unreadable file.
   */
  async dir (abs: string, rel: string, parent: Content | null): Promise<Content> {
    const raw = await fs.readdir(abs, { encoding: 'buffer' }).catch((err: Error) => { throw new FileReadError(err.message) })
    const names: string[] = []
    for (const b of raw) {
      const name = b.toString('utf8')
      // Trees hold UTF-8 names; a name that does not survive the round trip is not stored.
      if (Buffer.from(name, 'utf8').equals(b)) names.push(name)
      else this.warn(rel === '' ? name : `${rel}/${name}`, 'skipped: file name is not valid UTF-8')
    }
    return writeTree(this.vault, await this.entries(abs, rel, names, parent))
  }

  async entries (absDir: string, rel: string, names: string[], parent: Content | null): Promise<Entry[]> {
    const old = new Map<string, Entry>()
    if (parent !== null) for (const e of await readTree(this.vault, parent)) old.set(e.name, e)
    const out: Entry[] = []
    for (const name of names) {
      const childRel = rel === '' ? name : `${rel}/${name}`
      if (this.excluded(childRel)) continue
      const entry = await this.entry(path.join(absDir, name), childRel, name, old.get(name) ?? null)
      if (entry !== null) out.push(entry)
    }
    return out
  }

  private async entry (abs: string, rel: string, name: string, old: Entry | null): Promise<Entry | null> {
    let st: BigIntStats
    try {
      st = await fs.lstat(abs, { bigint: true })
    } catch (err) {
      this.warn(rel, `cannot stat: ${(err as Error).message}`)
      return null
    }
    const base = { name, mode: Number(st.mode & 0o7777n), ...mtimeOf(st), size: Number(st.size), ino: st.ino, content: null, target: null }
    if (st.isDirectory()) {
      try {
        const content = await this.dir(abs, rel, old?.type === 'dir' ? old.content : null)
        this.dirs++
        return { ...base, type: 'dir', size: 0, content }
      } catch (err) {
        if (!(err instanceof FileReadError)) throw err
        this.warn(rel, `cannot read directory: ${err.message}`)
        return null
      }
    }
    if (st.isSymbolicLink()) {
      return { ...base, type: 'symlink', target: await fs.readlink(abs) }
    }
    if (!st.isFile()) {
      this.warn(rel, 'skipped: not a regular file, directory or symlink')
      return null
    }
    const reuse = this.unchanged(old, base)
    const content = reuse ? old!.content : await this.file(abs, rel, base.size)
    if (content === null) return null
    this.files++
    this.bytes += content.size
    if (reuse) this.done += content.size
    this.progress()
    return { ...base, type: 'file', size: content.size, content }
  }

  /** Same size, mtime and inode as in the parent snapshot: reuse its chunk list unread. */
  private unchanged (old: Entry | null, now: Omit<Entry, 'type'>): boolean {
    return old !== null && old.type === 'file' && old.size === now.size && old.mtimeSec === now.mtimeSec &&
      old.mtimeNsec === now.mtimeNsec && old.ino === now.ino
  }

  private async file (abs: string, rel: string, size: number): Promise<Content | null> {
    if (size >= WORKER_MIN_BYTES) return this.fileOnWorker(abs, rel)
    let fh: fs.FileHandle
    try {
      fh = await fs.open(abs, 'r')
    } catch (err) {
      this.warn(rel, `cannot read: ${(err as Error).message}`)
      return null
    }
    try {
      return await this.chunkSmallFile(fh)
    } catch (err) {
      if (!(err instanceof FileReadError)) throw err
      this.warn(rel, `cannot read: ${err.message}`)
      return null
    } finally {
      await fh.close()
    }
  }

  private async fileOnWorker (abs: string, rel: string): Promise<Content | null> {
    const builder = new ContentBuilder(this.vault.chunks)
    try {
      for await (const batch of this.worker.chunks(abs)) {
        for (const ref of await this.vault.chunks.putPrepared(RecordType.DATA, batch)) await builder.add(ref)
        this.done += batch.reduce((n, c) => n + c.size, 0)
        this.progress()
      }
    } catch (err) {
      if (!(err instanceof FileReadError)) throw err
      this.warn(rel, `cannot read: ${err.message}`)
      return null
    }
    this.bytesRead += this.worker.bytesRead
    return builder.finish()
  }

  /** A file under WORKER_MIN_BYTES, chunked here: not worth a round trip to the worker. */
  private async chunkSmallFile (fh: fs.FileHandle): Promise<Content> {
    const data = await fh.readFile().catch((err: Error) => { throw new FileReadError(err.message) })
    this.bytesRead += data.byteLength
    this.done += data.byteLength
    const chunker = new Chunker(this.vault.gear, this.vault.config.chunker)
    const builder = new ContentBuilder(this.vault.chunks)
    for (const ref of await this.vault.chunks.putMany(RecordType.DATA, [...chunker.push(data), ...chunker.end()])) await builder.add(ref)
    return builder.finish()
  }

  /** The pre-pass for progress: counts what a push will look at. */
  async count (abs: string, st: BigIntStats): Promise<void> {
    if (!st.isDirectory()) {
      this.total = { files: 1, bytes: Number(st.size) }
      return
    }
    const stack = [abs]
    while (stack.length > 0) {
      const dir = stack.pop() as string
      const ents = await fs.readdir(dir, { withFileTypes: true }).catch(() => [])
      for (const d of ents) {
        const p = path.join(dir, d.name)
        if (d.isDirectory()) stack.push(p)
        else if (d.isFile()) {
          this.total.files++
          this.total.bytes += Number((await fs.lstat(p).catch(() => ({ size: 0 }))).size)
        }
      }
    }
  }
}
