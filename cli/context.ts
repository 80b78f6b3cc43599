import fs from 'node:fs'
import { Home, Vault, VaultNetwork, parseVaultKey, parseSeederKey, parseBootstrap, P2VaultError, type NetworkOptions, type Node } from '../src/index.js'
import { type Values, UsageError } from './args.js'
import { readSecretLine } from './prompt.js'

/** What every command gets: parsed options, the home, and the one place output is written. */
export class Context {
  readonly home: Home
  readonly json: boolean

  constructor (readonly values: Values, readonly positionals: string[]) {
    this.home = Home.resolve(values.home as string | undefined)
    this.json = values.json === true
  }

  /** One JSON document in --json mode, otherwise the text lines. */
  print (doc: unknown, text: () => string): void {
    process.stdout.write(this.json ? JSON.stringify(doc, null, 2) + '\n' : text() + '\n')
  }

  warn (message: string): void {
    process.stderr.write(`warning: ${message}\n`)
  }

  get showProgress (): boolean {
    return !this.json && process.stdout.isTTY === true
  }

  arg (i: number, name: string): string {
    const v = this.positionals[i]
    if (v === undefined) throw new UsageError(`missing ${name}`)
    return v
  }

  noMoreArgs (n: number): void {
    if (this.positionals.length > n) throw new UsageError(`unexpected argument "${this.positionals[n]}"`)
  }

  /** The passphrase: --passphrase-file, P2VAULT_PASSPHRASE, or a prompt on a terminal. Never argv. */
  async passphrase (): Promise<string | null> {
    const file = this.values['passphrase-file'] as string | undefined
    if (file !== undefined) {
      try {
        return fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '')
      } catch (err) {
        throw P2VaultError.IO(`cannot read passphrase file: ${(err as Error).message}`)
      }
    }
    if (process.env.P2VAULT_PASSPHRASE !== undefined) return process.env.P2VAULT_PASSPHRASE
    if (process.stdin.isTTY !== true) return null
    return readSecretLine('passphrase for the vault key: ')
  }

  /** A vault key given outside the key file: --key-file or P2VAULT_KEY. */
  vaultKeyOverride (): Buffer | undefined {
    const file = this.values['key-file'] as string | undefined
    if (file !== undefined) {
      let text: string
      try {
        text = fs.readFileSync(file, 'utf8')
      } catch (err) {
        throw P2VaultError.IO(`cannot read key file: ${(err as Error).message}`)
      }
      return parseVaultKey(text)
    }
    const env = process.env.P2VAULT_KEY
    return env === undefined || env === '' ? undefined : parseVaultKey(env)
  }

  /**
   * Bootstrap nodes from --bootstrap or P2VAULT_BOOTSTRAP; none with --offline. There is no
   * built-in default: without them, commands that need the network say so.
   */
  bootstrap (): Node[] | null {
    if (this.values.offline === true) return null
    const text = (this.values.bootstrap as string | undefined) ?? process.env.P2VAULT_BOOTSTRAP
    return text === undefined || text === '' ? null : parseBootstrap(text)
  }

  networkOptions (required: boolean): NetworkOptions | null {
    const bootstrap = this.bootstrap()
    if (bootstrap === null && required) {
      throw P2VaultError.NO_NETWORK(this.values.offline === true
        ? 'this needs the network, but --offline was given'
        : 'this needs the network: pass --bootstrap HOST:PORT[,HOST:PORT...] or set P2VAULT_BOOTSTRAP')
    }
    return bootstrap === null ? null : { bootstrap }
  }

  /**
   * Opens the chosen vault for `fn` and closes it however `fn` ends; on the swarm too when
   * bootstrap nodes are known (or required).
   */
  async withVault<T> (fn: (vault: Vault, net: VaultNetwork | null) => Promise<T>, opts: { network?: 'optional' | 'required' | 'none' } = {}): Promise<T> {
    const name = await this.home.pickVault(this.values.vault as string | undefined)
    const netOpts = opts.network === 'none' ? null : this.networkOptions(opts.network === 'required')
    const vault = new Vault(this.home, name, { vaultKey: this.vaultKeyOverride(), passphrase: () => this.passphrase() })
    await vault.ready()
    let net: VaultNetwork | null = null
    try {
      if (netOpts !== null) {
        net = new VaultNetwork(vault, { ...netOpts, seeders: (vault.config.seeders ?? []).map(parseSeederKey) })
        await net.ready()
      }
      return await fn(vault, net)
    } finally {
      if (net !== null) await net.close()
      await vault.close()
    }
  }
}
