import fs from 'node:fs'
import path from 'node:path'
import { createHash, type Hash } from 'node:crypto'
import { seededBytes, writeSeededFile } from '../test/helpers/index.js'

export const BIG_SEED = 'p2vault-bench-big'
export const EDIT_COUNT = 10
export const EDIT_BYTES = 4096
export const INSERT_AT = 1000
export const INSERT_BYTES = 100
const SLICE = 16 * 1024 * 1024
const CORPUS_EXTS = new Set(['.js', '.ts', '.md', '.json'])

export { writeSeededFile }

/** Ten offsets, one in each tenth of the file, placed by a seed: spread out and repeatable. */
export function editOffsets (size: number): number[] {
  const segment = Math.floor(size / EDIT_COUNT)
  if (segment <= EDIT_BYTES) throw new Error(`file of ${size} bytes is too small for ${EDIT_COUNT} edits`)
  const rand = seededBytes('p2vault-bench-edit-offsets', EDIT_COUNT * 6)
  return Array.from({ length: EDIT_COUNT }, (_, i) => i * segment + rand.readUIntBE(i * 6, 6) % (segment - EDIT_BYTES))
}

/** Overwrites 4 KiB at each offset with other seeded bytes; the size stays the same. */
export function applyEdits (file: string, offsets: number[]): void {
  const fd = fs.openSync(file, 'r+')
  try {
    offsets.forEach((off, i) => fs.writeSync(fd, seededBytes(`p2vault-bench-edit-${i}`, EDIT_BYTES), 0, EDIT_BYTES, off))
  } finally {
    fs.closeSync(fd)
  }
}

/** Rewrites the file as the original seeded bytes with 100 seeded bytes inserted at offset 1000. */
export function writeWithInsert (file: string, seed: string, size: number): void {
  const fd = fs.openSync(file, 'w')
  try {
    fs.writeSync(fd, seededBytes(seed, INSERT_AT))
    fs.writeSync(fd, seededBytes('p2vault-bench-insert', INSERT_BYTES))
    for (let pos = INSERT_AT; pos < size; pos += SLICE) fs.writeSync(fd, seededBytes(seed, Math.min(SLICE, size - pos), pos))
  } finally {
    fs.closeSync(fd)
  }
}

export interface Corpus { files: number, bytes: number }

/** Copies text files (.js .ts .md .json) from `src` into `dest`, keeping paths, until `cap` bytes. */
export function copyCorpus (src: string, dest: string, cap: number): Corpus {
  const got = { files: 0, bytes: 0 }
  const walk = (dir: string, rel: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => cmp(a.name, b.name))) {
      if (got.bytes >= cap) return
      const from = path.join(dir, e.name)
      const relPath = path.join(rel, e.name)
      if (e.isDirectory()) walk(from, relPath)
      else if (e.isFile() && CORPUS_EXTS.has(path.extname(e.name))) {
        const size = fs.statSync(from).size
        if (got.bytes + size > cap) continue
        fs.mkdirSync(path.join(dest, rel), { recursive: true })
        fs.copyFileSync(from, path.join(dest, relPath))
        got.files++
        got.bytes += size
      }
    }
  }
  fs.mkdirSync(dest, { recursive: true })
  walk(src, '')
  return got
}

function cmp (a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** SHA-256 of a file, read in slices. */
export function hashFile (file: string): string {
  const h = createHash('sha256')
  feedFile(h, file)
  return h.digest('hex')
}

function feedFile (h: Hash, file: string): void {
  const fd = fs.openSync(file, 'r')
  const buf = Buffer.allocUnsafe(SLICE)
  try {
    for (let n; (n = fs.readSync(fd, buf, 0, SLICE, null)) > 0;) h.update(buf.subarray(0, n))
  } finally {
    fs.closeSync(fd)
  }
}

/** SHA-256 over every regular file below `root`: sorted relative path, size, then contents. */
export function hashTree (root: string): string {
  const h = createHash('sha256')
  for (const rel of listFiles(root)) {
    const file = path.join(root, rel)
    h.update(`${rel}\0${fs.statSync(file).size}\0`)
    feedFile(h, file)
  }
  return h.digest('hex')
}

function listFiles (root: string, rel = ''): string[] {
  const out: string[] = []
  for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true }).sort((a, b) => cmp(a.name, b.name))) {
    const r = rel === '' ? e.name : `${rel}/${e.name}`
    if (e.isDirectory()) out.push(...listFiles(root, r))
    else if (e.isFile()) out.push(r)
  }
  return out
}

/** Sum of the sizes of every file below `dir` (apparent sizes, as the brief defines repo growth). */
export function dirBytes (dir: string): number {
  let sum = 0
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) sum += dirBytes(p)
    else if (e.isFile()) sum += fs.statSync(p).size
  }
  return sum
}
