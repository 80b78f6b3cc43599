import { formatSeederKey, type Vault, type VaultNetwork } from '../src/index.js'
import { UsageError, intOption, type Values } from './args.js'

export const replicaOptions = { replicas: { type: 'string' }, timeout: { type: 'string' } } as const

export function wantedReplicas (values: Values): { n: number, timeoutMs: number } {
  const n = intOption(values, 'replicas') ?? 0
  const timeoutMs = (intOption(values, 'timeout') ?? 60) * 1000
  if (n > 0 && values.offline === true) throw new UsageError('--replicas needs the network; drop --offline')
  return { n, timeoutMs }
}

/** Waits for receipts from `n` seeders covering this device's cores as they are now (`length`: data core blocks). */
export async function awaitReplicas (vault: Vault, net: VaultNetwork | null, n: number, timeoutMs: number): Promise<Array<{ seeder: string, length: number }>> {
  if (n === 0 || net === null) return []
  const want = new Map([[vault.dataCore.key.toString('hex'), vault.dataCore.length], [vault.metaCore.key.toString('hex'), vault.metaCore.length]])
  const got = await net.waitForReplicas(n, want, timeoutMs)
  return got.map(r => ({ seeder: formatSeederKey(Buffer.from(r.seeder, 'hex')), length: r.length }))
}
