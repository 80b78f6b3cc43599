import { formatVaultKey, formatSeedKey } from '../../src/index.js'
import type { Context } from '../context.js'

export const options = { seed: { type: 'boolean' } } as const
export const usage = 'key [--seed]'

export async function run (ctx: Context): Promise<void> {
  ctx.noMoreArgs(0)
  const seed = ctx.values.seed === true
  const key = await ctx.withVault(async vault => seed ? formatSeedKey(vault.keys.seedKey) : formatVaultKey(vault.keys.vaultKey))
  ctx.print(seed ? { seedKey: key } : { vaultKey: key }, () => key)
}
