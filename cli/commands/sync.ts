import type { Context } from '../context.js'
import { replicaOptions, wantedReplicas, awaitReplicas } from '../replicas.js'

export const options = { ...replicaOptions } as const
export const usage = 'sync [--replicas N] [--timeout SECONDS]'

/** Replicates what this device has to the seeders, without a new push. */
export async function run (ctx: Context): Promise<void> {
  ctx.noMoreArgs(0)
  const { n, timeoutMs } = wantedReplicas(ctx.values)
  // Without --replicas: until every seeder connected now has confirmed what this device holds.
  const replicas = await ctx.withVault((vault, net) => awaitReplicas(vault, net, ctx.values.replicas === undefined ? net!.connected : n, timeoutMs), { network: 'required' })
  ctx.print({ replicas }, () => replicas.length === 0 ? 'synced with the peers found' : replicas.map(x => `stored on seeder ${x.seeder}`).join('\n'))
}
