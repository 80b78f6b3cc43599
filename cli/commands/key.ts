import { formatVaultKey, formatSeedKey, formatInvite, parseSeederKey } from '../../src/index.js'
import type { Context } from '../context.js'

export const options = { seed: { type: 'boolean' }, invite: { type: 'boolean' } } as const
export const usage = 'key [--seed | --invite]   the vault key, the seed key, or an invite (vault key + seeder keys)'

export async function run (ctx: Context): Promise<void> {
  ctx.noMoreArgs(0)
  const kind = ctx.values.invite === true ? 'invite' : ctx.values.seed === true ? 'seedKey' : 'vaultKey'
  const key = await ctx.withVault(async vault => {
    if (kind === 'seedKey') return formatSeedKey(vault.keys.seedKey)
    if (kind === 'invite') return formatInvite(vault.keys.vaultKey, (vault.config.seeders ?? []).map(parseSeederKey))
    return formatVaultKey(vault.keys.vaultKey)
  }, { network: 'none' })
  ctx.print({ [kind]: key }, () => key)
}
