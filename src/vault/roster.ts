import { type RosterEntry, openRosterEntry, signRosterEntry, sealSettings } from '../format/roster.js'
import { readEntries, writeEntries } from '../store/entry-file.js'
import { isP2VaultError } from '../errors.js'
import type { VaultKeys } from '../crypto/keys.js'
import type { VaultConfig } from './home.js'

/**
 * The devices of a vault as this machine knows them: signed roster entries, each verified
 * against the seed key before it is kept or any of its cores is opened.
 */
export class Roster {
  private readonly entries = new Map<string, { bytes: Buffer, entry: RosterEntry }>()

  /** `file` null: kept in memory only (a device still joining). */
  constructor (private readonly file: string | null, private readonly keys: Pick<VaultKeys, 'seedKey' | 'blockKey' | 'signing'>) {}

  async load (): Promise<void> {
    if (this.file !== null) for (const bytes of await readEntries(this.file)) this.verify(bytes)
  }

  /** Adds entries that verify; returns those that were new. Invalid ones are dropped. */
  async add (list: Buffer[]): Promise<RosterEntry[]> {
    const fresh: RosterEntry[] = []
    for (const bytes of list) {
      if (this.entries.has(bytes.toString('hex'))) continue
      const entry = this.verify(bytes)
      if (entry !== null) fresh.push(entry)
    }
    if (fresh.length > 0 && this.file !== null) await writeEntries(this.file, this.all())
    return fresh
  }

  /** This device's entry, created and signed on first use. */
  async ensure (dataCore: Buffer, metaCore: Buffer, config: VaultConfig): Promise<void> {
    if (this.devices().some(d => d.dataCore.equals(dataCore))) return
    const settings = sealSettings({ blockSize: config.blockSize, chunker: config.chunker }, this.keys.blockKey)
    await this.add([signRosterEntry({ dataCore, metaCore, created: Date.now(), settings }, this.keys.seedKey, this.keys.signing.secretKey)])
  }

  all (): Buffer[] { return [...this.entries.values()].map(e => e.bytes) }
  devices (): RosterEntry[] { return [...this.entries.values()].map(e => e.entry) }

  private verify (bytes: Buffer): RosterEntry | null {
    try {
      const entry = openRosterEntry(bytes, this.keys.seedKey)
      this.entries.set(bytes.toString('hex'), { bytes, entry })
      return entry
    } catch (err) {
      if (!isP2VaultError(err)) throw err
      return null
    }
  }
}
