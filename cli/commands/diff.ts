import { diff } from '../../src/index.js'
import type { Context } from '../context.js'

export const options = {} as const
export const usage = 'diff SNAPSHOT SNAPSHOT'

export async function run (ctx: Context): Promise<void> {
  const a = ctx.arg(0, 'first SNAPSHOT')
  const b = ctx.arg(1, 'second SNAPSHOT')
  ctx.noMoreArgs(2)
  const d = await ctx.withVault(vault => diff(vault, a, b))
  ctx.print(d, () => [...d.added.map(p => `+ ${p}`), ...d.removed.map(p => `- ${p}`), ...d.modified.map(p => `M ${p}`)].join('\n') ||
    'no differences')
}
