import fs from 'node:fs'
import { Home, Vault, parseVaultKey, P2VaultError } from '../src/index.js'
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

  /** Opens the chosen vault for `fn` and closes it however `fn` ends. */
  async withVault<T> (fn: (vault: Vault) => Promise<T>): Promise<T> {
    const name = await this.home.pickVault(this.values.vault as string | undefined)
    const vault = new Vault(this.home, name, { vaultKey: this.vaultKeyOverride(), passphrase: () => this.passphrase() })
    await vault.ready()
    try {
      return await fn(vault)
    } finally {
      await vault.close()
    }
  }
}
