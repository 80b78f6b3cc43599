import fs from 'node:fs/promises'
import path from 'node:path'
import os from 'node:os'
import { P2VaultError } from '../errors.js'
import { type ChunkerParams, DEFAULT_CHUNKER, checkChunkerParams } from '../chunker/fastcdc.js'
import { encodeKeyFile, decodeKeyFile, type KeyFile } from '../format/keyfile.js'
import { type KdfParams, wrapKey, unwrapKey, newKdfParams } from '../crypto/passphrase.js'
import { META_BLOCK_BYTES } from '../format/meta.js'
import { writeFileAtomic } from '../store/atomic-file.js'

export const CONFIG_VERSION = 1
export const DEFAULT_BLOCK_SIZE = 64 * 1024

/** Local, non-secret settings of one vault on this machine (home/vaults/NAME/vault.json). */
export interface VaultConfig {
  version: number
  name: string
  seedKey: string
  blockSize: number
  chunker: ChunkerParams
  /** Seeders clients reach by public key (p2vp_ strings); optional, added with `seeders add`. */
  seeders?: string[]
}

/** The paths of a p2vault home directory. */
export class Home {
  constructor (readonly dir: string) {}

  static resolve (dir?: string): Home {
    return new Home(path.resolve(dir ?? process.env.P2VAULT_HOME ?? path.join(os.homedir(), '.p2vault')))
  }

  get corestore (): string { return path.join(this.dir, 'corestore') }
  vaultDir (name: string): string { return path.join(this.dir, 'vaults', name) }
  configPath (name: string): string { return path.join(this.vaultDir(name), 'vault.json') }
  keyPath (name: string): string { return path.join(this.vaultDir(name), 'key') }
  indexPath (name: string): string { return path.join(this.vaultDir(name), 'index') }
  rosterPath (name: string): string { return path.join(this.vaultDir(name), 'roster') }

  async vaultNames (): Promise<string[]> {
    try {
      return (await fs.readdir(path.join(this.dir, 'vaults'))).sort()
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw err
    }
  }

  /** The named vault, or the only one; with several and no name, asks for --vault. */
  async pickVault (name?: string): Promise<string> {
    const names = await this.vaultNames()
    if (name !== undefined) {
      if (!names.includes(name)) throw P2VaultError.NO_VAULT(`no vault named "${name}" in ${this.dir}`)
      return name
    }
    if (names.length === 0) throw P2VaultError.NO_VAULT(`no vault in ${this.dir}; create one with "p2vault init"`)
    if (names.length > 1) throw P2VaultError.NO_VAULT(`${names.length} vaults in ${this.dir} (${names.join(', ')}); choose one with --vault NAME`)
    return names[0]
  }

  async readConfig (name: string): Promise<VaultConfig> {
    const cfg = JSON.parse(await fs.readFile(this.configPath(name), 'utf8')) as VaultConfig
    if (cfg.version !== CONFIG_VERSION) throw P2VaultError.UNSUPPORTED_VERSION('vault.json', cfg.version)
    return cfg
  }

  async writeConfig (cfg: VaultConfig): Promise<void> {
    await writeFileAtomic(this.configPath(cfg.name), JSON.stringify(cfg, null, 2) + '\n', 0o600)
  }

  async createVaultDir (cfg: VaultConfig): Promise<void> {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(cfg.name) || cfg.name.startsWith('.')) {
      throw P2VaultError.BAD_SETTING('vault name: 1-64 letters, digits, dot, dash or underscore, not starting with a dot')
    }
    await fs.mkdir(path.join(this.dir, 'vaults'), { recursive: true, mode: 0o700 })
    try {
      await fs.mkdir(this.vaultDir(cfg.name), { mode: 0o700 })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw P2VaultError.VAULT_EXISTS(cfg.name)
      throw err
    }
    await this.writeConfig(cfg)
  }

  /** Writes the key file (mode 0600), wrapped when a passphrase is given. */
  async writeKey (name: string, vaultKey: Buffer, passphrase: string | null, kdf?: KdfParams): Promise<void> {
    let file: KeyFile = { kind: 'plain', key: vaultKey }
    if (passphrase !== null) {
      const params = kdf ?? newKdfParams()
      file = { kind: 'wrapped', kdf: params, sealed: wrapKey(vaultKey, passphrase, params) }
    }
    await writeFileAtomic(this.keyPath(name), encodeKeyFile(file), 0o600)
  }

  /** Reads the key file; `passphrase` is asked for only when the key is wrapped. */
  async readKey (name: string, passphrase: () => Promise<string | null>): Promise<Buffer> {
    let buf: Buffer
    try {
      buf = await fs.readFile(this.keyPath(name))
    } catch (err) {
      throw P2VaultError.NO_VAULT(`cannot read the vault key file ${this.keyPath(name)}: ${(err as Error).message}`)
    }
    const file = decodeKeyFile(buf)
    if (file.kind === 'plain') return file.key
    const pass = await passphrase()
    if (pass === null) throw P2VaultError.KEY_LOCKED('the vault key is protected by a passphrase: set P2VAULT_PASSPHRASE, use --passphrase-file, or run in a terminal')
    return unwrapKey(file.sealed, pass, file.kdf)
  }
}

export function newVaultConfig (name: string, seedKey: string, opts: { blockSize?: number, chunkSize?: number }): VaultConfig {
  const blockSize = opts.blockSize ?? DEFAULT_BLOCK_SIZE
  if (!Number.isInteger(blockSize) || blockSize < META_BLOCK_BYTES || blockSize > 16 * 1024 * 1024) {
    throw P2VaultError.BAD_SETTING(`block size must be a whole number of bytes from ${META_BLOCK_BYTES} to 16 MiB`)
  }
  const avg = opts.chunkSize ?? DEFAULT_CHUNKER.avg
  const chunker = { min: avg / 4, avg, max: avg * 4 }
  checkChunkerParams(chunker)
  return { version: CONFIG_VERSION, name, seedKey, blockSize, chunker }
}
