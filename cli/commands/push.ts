import { push } from '../../src/index.js'
import { bytes, Progress } from '../output.js'
import type { Context } from '../context.js'

export const options = { tag: { type: 'string', multiple: true }, exclude: { type: 'string', multiple: true } } as const
export const usage = 'push PATH [--tag TAG]... [--exclude GLOB]...'

export async function run (ctx: Context): Promise<void> {
  const source = ctx.arg(0, 'PATH')
  ctx.noMoreArgs(1)
  const progress = new Progress(ctx.showProgress)
  try {
    const r = await ctx.withVault(vault => push(vault, source, {
      tags: ctx.values.tag as string[] | undefined,
      excludes: ctx.values.exclude as string[] | undefined,
      onWarning: (w) => { progress.done(); ctx.warn(`${w.path}: ${w.message}`) },
      onProgress: ctx.showProgress ? (p) => progress.update(p.files, p.bytes, p.totalBytes) : undefined
    }))
    progress.done()
    ctx.print(r, () => [
      `snapshot ${r.snapshot}`,
      `${r.files} files, ${r.dirs} dirs, read ${bytes(r.bytesRead)}, new ${bytes(r.bytesNew)} in ${r.dataBlocks} data blocks of ${bytes(r.blockSize)}` +
        (r.warnings.length > 0 ? `, ${r.warnings.length} skipped (see warnings)` : '')
    ].join('\n'))
  } finally {
    progress.done()
  }
}
