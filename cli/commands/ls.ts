import { ls } from '../../src/index.js'
import type { Context } from '../context.js'

export const options = {} as const
export const usage = 'ls SNAPSHOT [PATH]'

export async function run (ctx: Context): Promise<void> {
  const ref = ctx.arg(0, 'SNAPSHOT')
  ctx.noMoreArgs(2)
  const entries = await ctx.withVault(vault => ls(vault, ref, ctx.positionals[1] ?? ''))
  ctx.print(entries, () => entries.map(e =>
    `${e.type === 'dir' ? 'd' : e.type === 'symlink' ? 'l' : '-'}${e.mode.toString(8).padStart(4, '0')} ${String(e.size).padStart(12)} ${e.mtime} ${e.path}${e.target !== undefined ? ' -> ' + e.target : ''}`
  ).join('\n'))
}
