import { push } from '../../src/index.js'
import { bytes, Progress } from '../output.js'
import type { Context } from '../context.js'
import { replicaOptions, wantedReplicas, awaitReplicas } from '../replicas.js'

export const options = { tag: { type: 'string', multiple: true }, exclude: { type: 'string', multiple: true }, ...replicaOptions } as const
export const usage = 'push PATH [--tag TAG]... [--exclude GLOB]... [--replicas N] [--timeout SECONDS]'

export async function run (ctx: Context): Promise<void> {
  const source = ctx.arg(0, 'PATH')
  ctx.noMoreArgs(1)
  const { n, timeoutMs } = wantedReplicas(ctx.values)
  const progress = new Progress(ctx.showProgress)
  try {
    const r = await ctx.withVault(async (vault, net) => {
      const pushed = await push(vault, source, {
        tags: ctx.values.tag as string[] | undefined,
        excludes: ctx.values.exclude as string[] | undefined,
        onWarning: (w) => { progress.done(); ctx.warn(`${w.path}: ${w.message}`) },
        onProgress: ctx.showProgress ? (p) => progress.update(p.files, p.bytes, p.totalBytes) : undefined
      })
      progress.done()
      if (!ctx.json) process.stdout.write(`snapshot ${pushed.snapshot}\n`)
      return { ...pushed, replicas: await awaitReplicas(vault, net, n, timeoutMs) }
    }, { network: n > 0 ? 'required' : 'optional' })
    ctx.print(r, () => [
      `${r.files} files, ${r.dirs} dirs, read ${bytes(r.bytesRead)}, new ${bytes(r.bytesNew)} in ${r.dataBlocks} data blocks of ${bytes(r.blockSize)}` +
        (r.warnings.length > 0 ? `, ${r.warnings.length} skipped (see warnings)` : ''),
      ...r.replicas.map(x => `stored on seeder ${x.seeder}`)
    ].join('\n'))
  } finally {
    progress.done()
  }
}
