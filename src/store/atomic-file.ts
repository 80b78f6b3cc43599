import fs from 'node:fs/promises'

/** Write to a temporary name, sync, rename: a crash leaves the old file or the new, never half. */
export async function writeFileAtomic (file: string, data: string | Buffer, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`
  const fh = await fs.open(tmp, 'w', mode)
  try {
    await fh.writeFile(data)
    await fh.sync()
  } finally {
    await fh.close()
  }
  await fs.rename(tmp, file)
}
