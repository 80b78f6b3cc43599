import { initVault } from '../../src/index.js'
import { UsageError, intOption } from '../args.js'

import type { Context } from '../context.js'

export const options = { name: { type: 'string' }, 'chunk-size': { type: 'string' }, 'block-size': { type: 'string' }, passphrase: { type: 'boolean' } } as const
export const usage = 'init [--name NAME] [--chunk-size AVG] [--block-size BYTES] [--passphrase]'

export async function run (ctx: Context): Promise<void> {
  ctx.noMoreArgs(0)
  const wantPass = ctx.values.passphrase === true || ctx.values['passphrase-file'] !== undefined
  const passphrase = wantPass ? await ctx.passphrase() : null
  if (wantPass && passphrase === null) throw new UsageError('no passphrase given: set P2VAULT_PASSPHRASE or use --passphrase-file')
  const r = await initVault(ctx.home, {
    name: ctx.values.name as string | undefined,
    chunkSize: intOption(ctx.values, 'chunk-size'),
    blockSize: intOption(ctx.values, 'block-size'),
    passphrase
  })
  ctx.print(r, () => [
    `created vault "${r.name}" in ${ctx.home.dir}`,
    `vault key: ${r.vaultKey}`,
    '  (secret: anyone with it can read and write the vault; keep a copy somewhere safe)',
    `seed key:  ${r.seedKey}`,
    '  (public: give it to seeders; it cannot decrypt anything)'
  ].join('\n'))
}
