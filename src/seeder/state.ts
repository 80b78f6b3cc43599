import fs from 'node:fs/promises'
import path from 'node:path'
import sodium from 'sodium-native'
import { writeFileAtomic } from '../store/atomic-file.js'
import { readEntries, writeEntries } from '../store/entry-file.js'
import { formatSeedKey, parseSeedKey } from '../crypto/keys.js'
import { P2VaultError } from '../errors.js'

export const SEEDER_STATE_VERSION = 1

/**
 * A seeder's storage directory: its key pair (seeder.key, 0600), the vaults it serves
 * (seeder.json, seed keys only), the roster entries it accepted, and its corestore.
 */
export class SeederStorage {
  constructor (readonly dir: string) {}

  get corestore (): string { return path.join(this.dir, 'corestore') }
  private get statePath (): string { return path.join(this.dir, 'seeder.json') }
  rosterPath (vaultIdHex: string): string { return path.join(this.dir, 'rosters', vaultIdHex) }

  async keyPair (): Promise<{ publicKey: Buffer, secretKey: Buffer }> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 })
    const file = path.join(this.dir, 'seeder.key')
    // Only a missing key file means a new seeder: any other failure must not replace its identity.
    let seed = await fs.readFile(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null
      throw P2VaultError.IO(`cannot read the seeder key ${file}: ${err.message} (not creating a new identity)`)
    })
    if (seed === null) {
      seed = Buffer.alloc(32)
      sodium.randombytes_buf(seed)
      await writeFileAtomic(file, seed, 0o600)
    }
    if (seed.byteLength !== 32) throw P2VaultError.IO(`the seeder key ${file} is ${seed.byteLength} bytes, not 32: damaged?`)
    const publicKey = Buffer.alloc(32)
    const secretKey = Buffer.alloc(64)
    sodium.crypto_sign_seed_keypair(publicKey, secretKey, seed)
    return { publicKey, secretKey }
  }

  /** The seed keys served, as stored (validated). */
  async vaults (): Promise<Buffer[]> {
    const text = await fs.readFile(this.statePath, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null
      throw P2VaultError.IO(`cannot read ${this.statePath}: ${err.message}`)
    })
    if (text === null) return []
    let state: { version: number, vaults: unknown }
    try {
      state = JSON.parse(text)
    } catch {
      throw P2VaultError.BAD_SETTING(`${this.statePath} is not valid JSON`)
    }
    if (state.version !== SEEDER_STATE_VERSION) throw P2VaultError.UNSUPPORTED_VERSION('seeder.json', state.version)
    if (!Array.isArray(state.vaults) || !state.vaults.every(v => typeof v === 'string')) throw P2VaultError.BAD_SETTING(`${this.statePath}: "vaults" must be a list of seed keys`)
    return state.vaults.map(parseSeedKey)
  }

  async setVaults (seedKeys: Buffer[]): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 })
    const vaults = [...new Set(seedKeys.map(formatSeedKey))].sort()
    await writeFileAtomic(this.statePath, JSON.stringify({ version: SEEDER_STATE_VERSION, vaults }, null, 2) + '\n', 0o600)
  }

  async addVault (seedKey: Buffer): Promise<void> {
    await this.setVaults([...await this.vaults(), seedKey])
  }

  async removeVault (seedKey: Buffer): Promise<void> {
    await this.setVaults((await this.vaults()).filter(k => !k.equals(seedKey)))
  }

  /** Accepted roster entries of one vault: a file of length-prefixed signed entries. */
  async rosterEntries (vaultIdHex: string): Promise<Buffer[]> {
    return readEntries(this.rosterPath(vaultIdHex))
  }

  async saveRoster (vaultIdHex: string, entries: Buffer[]): Promise<void> {
    await fs.mkdir(path.dirname(this.rosterPath(vaultIdHex)), { recursive: true })
    await writeEntries(this.rosterPath(vaultIdHex), entries)
  }
}
