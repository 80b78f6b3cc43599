import fs from 'node:fs'
import path from 'node:path'
import { createHash } from 'node:crypto'

export interface Manifest { [rel: string]: { type: string, mode: number, mtimeNs?: bigint, size?: number, sha?: string, target?: string } }

/** What a pull must reproduce: type, mode, mtime, content hash, symlink target of every path. */
export function manifest (root: string): Manifest {
  const out: Manifest = {}
  const walk = (dir: string, rel: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const abs = path.join(dir, name)
      const r = rel === '' ? name : `${rel}/${name}`
      const st = fs.lstatSync(abs, { bigint: true })
      const mode = Number(st.mode & 0o7777n)
      if (st.isSymbolicLink()) out[r] = { type: 'symlink', mode: 0, target: fs.readlinkSync(abs) }
      else if (st.isDirectory()) {
        out[r] = { type: 'dir', mode, mtimeNs: st.mtimeNs }
        walk(abs, r)
      } else out[r] = { type: 'file', mode, mtimeNs: st.mtimeNs, size: Number(st.size), sha: sha256File(abs) }
    }
  }
  walk(root, '')
  return out
}

export function sha256File (file: string): string {
  const h = createHash('sha256')
  const fd = fs.openSync(file, 'r')
  const buf = Buffer.allocUnsafe(8 * 1024 * 1024)
  try {
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) h.update(buf.subarray(0, n))
  } finally {
    fs.closeSync(fd)
  }
  return h.digest('hex')
}

/**
 * Differences between two manifests, as readable lines. Modification times must agree to
 * within 2 µs: Node's utimes takes seconds as a double (~0.24 µs apart at today's dates) and
 * libuv sets them to the microsecond.
 */
export function compareManifests (want: Manifest, got: Manifest): string[] {
  const diffs: string[] = []
  for (const key of new Set([...Object.keys(want), ...Object.keys(got)])) {
    const a = want[key]
    const b = got[key]
    if (a === undefined || b === undefined) { diffs.push(`${key}: ${a === undefined ? 'unexpected' : 'missing'}`); continue }
    for (const f of ['type', 'mode', 'size', 'sha', 'target'] as const) {
      if (a[f] !== b[f]) diffs.push(`${key}: ${f} ${String(a[f])} != ${String(b[f])}`)
    }
    if (a.mtimeNs !== undefined && b.mtimeNs !== undefined) {
      const d = a.mtimeNs > b.mtimeNs ? a.mtimeNs - b.mtimeNs : b.mtimeNs - a.mtimeNs
      if (d > 2000n) diffs.push(`${key}: mtime ${a.mtimeNs} != ${b.mtimeNs}`)
    }
  }
  return diffs
}
