import path from 'node:path'
import { SeederStorage, parseSeedKey, formatSeedKey } from '../../src/index.js'
import { runSeeder } from '../../node/seeder-daemon.js'
import { UsageError, intOption } from '../args.js'
import type { Context } from '../context.js'

export const options = { storage: { type: 'string' }, vault: { type: 'string', multiple: true }, port: { type: 'string' }, host: { type: 'string' }, 'announce-limit': { type: 'string' }, 'max-bytes': { type: 'string' } } as const
export const usage = `seeder --storage DIR [--vault SEEDKEY]... [--port UDP_PORT] [--host HOST] [--max-bytes N] [--announce-limit N] [--bootstrap ...]
         seeder add SEEDKEY --storage DIR | seeder remove SEEDKEY --storage DIR | seeder list --storage DIR`

export async function run (ctx: Context): Promise<void> {
  const dir = ctx.values.storage as string | undefined
  if (dir === undefined) throw new UsageError('--storage DIR is required')
  const storage = new SeederStorage(path.resolve(dir))
  const sub = ctx.positionals[0]
  if (sub === 'add' || sub === 'remove') {
    const key = parseSeedKey(ctx.arg(1, 'SEEDKEY'))
    ctx.noMoreArgs(2)
    if (sub === 'add') await storage.addVault(key)
    else await storage.removeVault(key)
    ctx.print({ [sub === 'add' ? 'added' : 'removed']: formatSeedKey(key) }, () => `${sub === 'add' ? 'added' : 'removed'} ${formatSeedKey(key)} (a running seeder picks this up within seconds)`)
    return
  }
  if (sub === 'list') {
    ctx.noMoreArgs(1)
    const vaults = (await storage.vaults()).map(formatSeedKey)
    ctx.print({ vaults }, () => vaults.join('\n') || 'no vaults')
    return
  }
  if (sub !== undefined) throw new UsageError(`unknown seeder command "${sub}"`)
  const bootstrap = ctx.networkOptions(true)!.bootstrap
  const vaults = ((ctx.values.vault as string[] | undefined) ?? []).map(parseSeedKey)
  await runSeeder({
    storage: storage.dir,
    bootstrap,
    vaults,
    host: ctx.values.host as string | undefined,
    port: intOption(ctx.values, 'port'),
    announceLimit: intOption(ctx.values, 'announce-limit'),
    maxBytes: intOption(ctx.values, 'max-bytes')
  })
}
