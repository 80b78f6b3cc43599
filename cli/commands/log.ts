import { bytes } from '../output.js'
import type { Context } from '../context.js'

export const options = {} as const
export const usage = 'log'

export async function run (ctx: Context): Promise<void> {
  ctx.noMoreArgs(0)
  const snaps = (await ctx.withVault(vault => vault.snapshots())).map(s => ({
    id: s.id, time: new Date(s.time).toISOString(), host: s.host, paths: s.paths, tags: s.tags, files: s.stats.files, bytes: s.stats.bytes
  }))
  ctx.print(snaps, () => snaps.length === 0
    ? 'no snapshots'
    : snaps.map(s => `${s.id.slice(0, 8)}  ${s.time}  ${s.host}  ${s.paths.join(',')}  ${s.files} files  ${bytes(s.bytes)}${s.tags.length > 0 ? '  [' + s.tags.join(',') + ']' : ''}`).join('\n'))
}
