import { deriveVaultKeys, formatSeedKey, formatSeederKey } from '../crypto/keys.js'
import { openSettings } from '../format/roster.js'
import { P2VaultError } from '../errors.js'
import { writeEntries } from '../store/entry-file.js'
import { VaultNetwork, type NetworkOptions } from '../net/vault-network.js'
import { CONFIG_VERSION, type Home } from './home.js'
import { Roster } from './roster.js'
import { openCorestore } from './vault.js'

export interface JoinResult { name: string, seedKey: string, devices: number }

/**
 * Makes this machine a device of an existing vault: learns the roster from peers (seeders or
 * other devices), reads the vault settings sealed in it, and writes the local vault. Opening
 * the vault afterwards creates this device's cores and roster entry.
 */
export async function joinVault (home: Home, vaultKey: Buffer, opts: { name?: string, passphrase?: string | null, seeders?: Buffer[], network: NetworkOptions }): Promise<JoinResult> {
  const name = opts.name ?? 'default'
  if ((await home.vaultNames()).includes(name)) throw P2VaultError.VAULT_EXISTS(name)
  const keys = deriveVaultKeys(vaultKey)
  const roster = new Roster(null, keys)
  const store = openCorestore(home)
  await store.ready()
  const probe = { keys, store, roster, remoteTimeout: 0, metaCores: async () => [], coreFor: async () => { throw P2VaultError.MISSING_BLOCK('core') } }
  const net = new VaultNetwork(probe, { ...opts.network, seeders: [...opts.network.seeders ?? [], ...opts.seeders ?? []] })
  try {
    await net.ready()
  } finally {
    await net.close()
    await store.close()
  }
  const first = roster.devices()[0]
  if (first === undefined) {
    throw P2VaultError.NO_PEERS('no seeder or device of this vault answered: check --bootstrap and that a seeder serves this vault')
  }
  const settings = openSettings(first.settings, keys.blockKey)
  const seeders = (opts.seeders ?? []).map(formatSeederKey)
  await home.createVaultDir({ version: CONFIG_VERSION, name, seedKey: formatSeedKey(keys.seedKey), ...settings, ...(seeders.length > 0 ? { seeders } : {}) })
  await home.writeKey(name, vaultKey, opts.passphrase ?? null)
  await writeEntries(home.rosterPath(name), roster.all())
  return { name, seedKey: formatSeedKey(keys.seedKey), devices: roster.devices().length }
}
