import { pull } from '../../src/index.js'
import { bytes, Progress } from '../output.js'
import type { Context } from '../context.js'

export const options = { include: { type: 'string', multiple: true } } as const
export const usage = 'pull SNAPSHOT DEST [--include PATH]...'

export async function run (ctx: Context): Promise<void> {
  const ref = ctx.arg(0, 'SNAPSHOT')
  const dest = ctx.arg(1, 'DEST')
  ctx.noMoreArgs(2)
  const progress = new Progress(ctx.showProgress)
  try {
    const r = await ctx.withVault(vault => pull(vault, ref, dest, {
      includes: ctx.values.include as string[] | undefined,
      onProgress: (p) => progress.update(p.files, p.bytes, p.totalBytes)
    }))
    progress.done()
    ctx.print(r, () => `restored snapshot ${r.snapshot.slice(0, 8)} to ${dest}: ${r.files} files, ${bytes(r.bytes)}`)
  } finally {
    progress.done()
  }
}
