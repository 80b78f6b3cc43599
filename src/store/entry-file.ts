import fs from 'node:fs/promises'
import { writeFileAtomic } from './atomic-file.js'

/** A file of length-prefixed (u32 LE) byte strings, such as signed roster entries. Written atomically. */
export async function readEntries (file: string): Promise<Buffer[]> {
  const buf = await fs.readFile(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null // no entries yet
    throw err
  })
  if (buf === null) return []
  const out: Buffer[] = []
  for (let pos = 0; pos + 4 <= buf.byteLength;) {
    const len = buf.readUInt32LE(pos)
    out.push(buf.subarray(pos + 4, pos + 4 + len))
    pos += 4 + len
  }
  return out
}

export async function writeEntries (file: string, entries: Buffer[]): Promise<void> {
  await writeFileAtomic(file, Buffer.concat(entries.flatMap(e => { const l = Buffer.alloc(4); l.writeUInt32LE(e.byteLength); return [l, e] })), 0o600)
}
