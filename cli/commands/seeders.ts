import { parseSeederKey, formatSeederKey } from '../../src/index.js'
import { UsageError } from '../args.js'
import type { Context } from '../context.js'

export const options = {} as const
export const usage = 'seeders add SEEDER_KEY | seeders remove SEEDER_KEY | seeders list'

/** The seeders this vault's clients reach by public key (kept in vault.json, not secret). */
export async function run (ctx: Context): Promise<void> {
  const sub = ctx.arg(0, 'add, remove or list')
  const name = await ctx.home.pickVault(ctx.values.vault as string | undefined)
  const cfg = await ctx.home.readConfig(name)
  const current = cfg.seeders ?? []
  if (sub === 'list') {
    ctx.noMoreArgs(1)
    ctx.print({ seeders: current }, () => current.join('\n') || 'no seeders')
    return
  }
  if (sub !== 'add' && sub !== 'remove') throw new UsageError(`unknown seeders command "${sub}"`)
  const key = formatSeederKey(parseSeederKey(ctx.arg(1, 'SEEDER_KEY')))
  ctx.noMoreArgs(2)
  cfg.seeders = sub === 'add' ? [...new Set([...current, key])] : current.filter(k => k !== key)
  await ctx.home.writeConfig(cfg)
  ctx.print({ seeders: cfg.seeders }, () => `${sub === 'add' ? 'added' : 'removed'} ${key}; ${cfg.seeders!.length} seeder(s)`)
}
