import fs from 'node:fs'
import { joinVault, parseVaultKeyOrInvite } from '../../src/index.js'
import type { Context } from '../context.js'

export const options = { name: { type: 'string' } } as const
export const usage = "join KEY|INVITE|- [--name NAME]   ('-' reads the key from stdin, keeping it out of argv)"

export async function run (ctx: Context): Promise<void> {
  const arg = ctx.arg(0, 'KEY (or - to read it from stdin)')
  ctx.noMoreArgs(1)
  const { vaultKey, seeders } = parseVaultKeyOrInvite(arg === '-' ? fs.readFileSync(0, 'utf8') : arg)
  const r = await joinVault(ctx.home, vaultKey, { name: ctx.values.name as string | undefined, seeders, network: ctx.networkOptions(true)! })
  // Opening the vault on the swarm creates this device's cores and gossips its roster entry.
  const snapshots = await ctx.withVault(async (vault) => (await vault.snapshots()).length, { network: 'required' })
  ctx.print({ ...r, snapshots }, () => `joined vault "${r.name}" (${r.seedKey}): ${r.devices} other device(s), ${snapshots} snapshot(s)`)
}
