import { generateVaultKey, deriveVaultKeys, formatSeedKey, formatVaultKey } from '../crypto/keys.js'
import type { KdfParams } from '../crypto/passphrase.js'
import { Home, newVaultConfig } from './home.js'
import { Vault } from './vault.js'

export interface InitOptions {
  name?: string
  /** Average chunk size in bytes (a power of two); min and max are a quarter and four times it. */
  chunkSize?: number
  blockSize?: number
  /** Wrap the local key file with this passphrase. */
  passphrase?: string | null
  kdf?: KdfParams
}

export interface InitResult { name: string, vaultKey: string, seedKey: string }

/** Creates a vault: a new vault key, its settings, and this device's cores. */
export async function initVault (home: Home, opts: InitOptions = {}): Promise<InitResult> {
  const name = opts.name ?? 'default'
  const vaultKey = generateVaultKey()
  const seedKey = formatSeedKey(deriveVaultKeys(vaultKey).seedKey)
  await home.createVaultDir(newVaultConfig(name, seedKey, opts))
  await home.writeKey(name, vaultKey, opts.passphrase ?? null, opts.kdf)
  const vault = new Vault(home, name, { vaultKey })
  await vault.ready()
  await vault.close()
  return { name, vaultKey: formatVaultKey(vaultKey), seedKey }
}
