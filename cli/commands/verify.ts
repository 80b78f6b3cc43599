import { verify, P2VaultError } from '../../src/index.js'
import type { Context } from '../context.js'

export const options = { 'read-data': { type: 'boolean' } } as const
export const usage = 'verify [--read-data]'

export async function run (ctx: Context): Promise<void> {
  ctx.noMoreArgs(0)
  const readData = ctx.values['read-data'] === true
  const r = await ctx.withVault(vault => verify(vault, { readData }))
  ctx.print({ ok: r.ok, errors: r.errors, snapshots: r.snapshots, trees: r.trees, chunks: r.chunks }, () => [
    ...r.errors.map(e => `error: ${e}`),
    `${r.ok ? 'ok' : 'FAILED'}: ${r.snapshots} snapshots, ${r.trees} trees${readData ? `, ${r.chunks} data chunks read` : ''}`
  ].join('\n'))
  if (!r.ok) throw P2VaultError.VERIFY_FAILED(r.errors.length)
}
