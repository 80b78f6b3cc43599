import { formatSeederKey } from '../../src/index.js'
import type { Context } from '../context.js'

export const options = {} as const
export const usage = 'status   peers, seeders with their receipts, local vs replicated length per core'

export async function run (ctx: Context): Promise<void> {
  ctx.noMoreArgs(0)
  const doc = await ctx.withVault(async (vault, net) => {
    await new Promise(resolve => setTimeout(resolve, 1000)) // receipts follow the roster answer
    const cores = []
    for (const d of vault.roster.devices()) {
      for (const [kind, key] of [['data', d.dataCore], ['meta', d.metaCore]] as const) {
        const core = await vault.coreFor(key)
        const hex = key.toString('hex')
        const replicated: Record<string, number> = {}
        for (const [seeder, lengths] of net!.receipts) replicated[formatSeederKey(Buffer.from(seeder, 'hex'))] = lengths.get(hex) ?? 0
        cores.push({ core: hex, kind, device: d.dataCore.equals(vault.dataCore.key) ? 'this' : 'other', local: core.length, replicated })
      }
    }
    return { peers: net!.connected, seeders: [...net!.receipts.keys()].map(k => formatSeederKey(Buffer.from(k, 'hex'))), cores }
  }, { network: 'required' })
  ctx.print(doc, () => [
    `${doc.peers} peer(s) connected, ${doc.seeders.length} seeder(s) sent receipts`,
    ...doc.cores.map(c => `${c.kind} core ${c.core.slice(0, 8)} (${c.device} device): ${c.local} blocks here; ` +
      (Object.entries(c.replicated).map(([s, n]) => `${s.slice(0, 12)}… has ${n}`).join(', ') || 'no receipt'))
  ].join('\n'))
}
