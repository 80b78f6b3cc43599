import ReadyResource from 'ready-resource'
import Corestore from 'corestore'
import CoreStorage from 'hypercore-storage'
import type Hypercore from 'hypercore'
import type Hyperswarm from 'hyperswarm'
import type { Connection } from 'hyperswarm'
import { openRosterEntry } from '../format/roster.js'
import { signReceipt } from '../format/receipt.js'
import { formatSeedKey } from '../crypto/keys.js'
import { isP2VaultError } from '../errors.js'
import { vaultId, vaultTopic } from '../net/names.js'
import { createSwarm, destroySwarm, type Node } from '../net/swarm.js'
import { Peer, type WireHandler } from '../net/wire.js'
import { SeederStorage } from './state.js'

export interface SeederOptions {
  storage: string
  bootstrap: Node[]
  host?: string
  port?: number
  /** Seed keys to serve, added to those already in the storage directory. */
  vaults?: Buffer[]
  /** Announce the topics of at most this many vaults (paced); 0: reachable by key only. */
  announceLimit?: number
  /** How often seeder.json is re-read for added or removed vaults (ms). */
  pollInterval?: number
  /** Storage quota in bytes: past it no new block is fetched (nothing is ever evicted). */
  maxBytes?: number
}

/** Topics announced by default; the rest are reachable by the seeder's key only. */
const DEFAULT_ANNOUNCE_LIMIT = 1000
const ANNOUNCE_BATCH = 500

/** A log event: what the daemon shell turns into one JSON line. */
export interface SeederEvent { event: string, [field: string]: unknown }

interface Served {
  seedKey: Buffer
  id: Buffer
  entries: Map<string, Buffer>
  cores: Map<string, Hypercore>
  receipted: Map<string, number>
  announced: boolean
}

/**
 * A blind seeder: it serves vaults by seed key, accepts only roster entries signed for them,
 * downloads every core they name, and answers with signed receipts once blocks are on disk.
 * It holds no key that decrypts anything.
 */
export class Seeder extends ReadyResource implements WireHandler {
  readonly storage: SeederStorage
  keyPair!: { publicKey: Buffer, secretKey: Buffer }
  store!: Corestore
  swarm!: Hyperswarm
  private readonly served = new Map<string, Served>()
  private readonly peers = new Set<Peer>()
  private announced = 0
  private announcing: Promise<void> = Promise.resolve()
  private poll: NodeJS.Timeout | null = null
  private readonly downloads = new Map<Hypercore, { destroy (): void }>()
  private overQuota = false

  constructor (private readonly opts: SeederOptions) {
    super()
    this.storage = new SeederStorage(opts.storage)
  }

  get publicKey (): Buffer { return this.keyPair.publicKey }

  private log (event: string, fields: Record<string, unknown> = {}): void {
    this.emit('log', { event, ...fields })
  }

  async _open (): Promise<void> {
    this.keyPair = await this.storage.keyPair()
    for (const k of this.opts.vaults ?? []) await this.storage.addVault(k)
    try {
      await this.start()
    } catch (err) {
      await this._close() // ready-resource does not close what a failed open made
      throw err
    }
    this.poll = setInterval(() => { this.sync().catch(err => this.log('error', { message: (err as Error).message })) }, this.opts.pollInterval ?? 2000)
  }

  private async start (): Promise<void> {
    this.store = new Corestore(new CoreStorage(this.storage.corestore, { writeBufferSize: 32 * 1024 * 1024 }))
    await this.store.ready()
    this.swarm = createSwarm({ bootstrap: this.opts.bootstrap, keyPair: this.keyPair, host: this.opts.host, port: this.opts.port, server: true })
    this.swarm.on('connection', (conn: Connection) => this.onConnection(conn))
    await this.swarm.listen()
    await this.sync()
  }

  /** The UDP address the seeder's DHT is bound to. */
  get address (): { host: string, port: number } {
    return this.swarm.dht.address()
  }

  async _close (): Promise<void> {
    if (this.poll !== null) clearInterval(this.poll)
    if (this.swarm) await destroySwarm(this.swarm)
    if (this.store) await this.store.close()
  }

  /** Serves the vaults listed in the storage directory, and stops serving removed ones. */
  private async sync (): Promise<void> {
    const want = await this.storage.vaults()
    const hexes = new Set(want.map(k => vaultId(k).toString('hex')))
    const added: Served[] = []
    for (const k of want) if (!this.served.has(vaultId(k).toString('hex'))) added.push(await this.serve(k))
    this.announcing = this.announcing.then(() => this.announce(added)).catch(err => this.log('error', { message: (err as Error).message }))
    for (const [hex, v] of this.served) {
      if (!hexes.has(hex)) await this.unserve(hex, v)
    }
  }

  /** Stops serving a vault: no more announcing, fetching or receipts. Stored blocks stay. */
  private async unserve (hex: string, v: Served): Promise<void> {
    this.served.delete(hex)
    if (v.announced) {
      this.announced--
      await this.swarm.leave(vaultTopic(v.seedKey))
    }
    for (const core of v.cores.values()) {
      this.downloads.get(core)?.destroy()
      this.downloads.delete(core)
      await core.close()
    }
    this.log('vault-removed', { seedKey: formatSeedKey(v.seedKey) })
  }

  private async serve (seedKey: Buffer): Promise<Served> {
    const id = vaultId(seedKey)
    const v: Served = { seedKey, id, entries: new Map(), cores: new Map(), receipted: new Map(), announced: false }
    this.served.set(id.toString('hex'), v)
    for (const bytes of await this.storage.rosterEntries(id.toString('hex'))) await this.accept(v, bytes, false)
    v.announced = this.announced < (this.opts.announceLimit ?? DEFAULT_ANNOUNCE_LIMIT)
    if (v.announced) this.announced++
    this.log('vault-added', { seedKey: formatSeedKey(seedKey), devices: v.entries.size, announced: v.announced })
    return v
  }

  /**
   * Announces vault topics in paced batches, each flushed before the next: measured here,
   * 1,000 topics at once lost half their announces to expired tokens; batches of 500 did not.
   * Every vault stays reachable by the seeder's key meanwhile.
   */
  private async announce (vaults: Served[]): Promise<void> {
    const todo = vaults.filter(v => v.announced)
    for (let i = 0; i < todo.length; i += ANNOUNCE_BATCH) {
      const batch = todo.slice(i, i + ANNOUNCE_BATCH)
      await Promise.all(batch.map(v => this.swarm.join(vaultTopic(v.seedKey), { server: true, client: false }).flushed()))
      this.log('announced', { topics: i + batch.length, of: todo.length })
    }
  }

  private onConnection (conn: Connection): void {
    this.store.replicate(conn)
    const peer = new Peer(conn, this)
    this.peers.add(peer)
    conn.on('error', () => {})
    this.log('peer-connected', { peer: conn.remotePublicKey.toString('hex') })
  }

  onClose (peer: Peer): void {
    this.peers.delete(peer)
  }

  /** A peer proved vaults: for those served here, prove back, send roster and receipts. */
  onVaults (peer: Peer): void {
    for (const v of this.served.values()) {
      if (peer.carries(v.id) || !peer.proves(v.seedKey)) continue
      peer.announce([v.seedKey])
      peer.roster(v.id, [...v.entries.values()])
      for (const [hex, core] of v.cores) {
        const length = v.receipted.get(hex)
        if (length !== undefined && length > 0) this.sendReceipt(v, core, length, [peer]).catch(() => {})
      }
    }
  }

  onRoster (id: Buffer, entries: Buffer[], from: Peer): void {
    const v = this.served.get(id.toString('hex'))
    if (v === undefined || !from.carries(v.id)) {
      this.log('roster-refused', { reason: v === undefined ? 'vault not served' : 'vault not proven by the peer', peer: from.remoteKey.toString('hex') })
      return
    }
    ;(async () => {
      let added = false
      for (const bytes of entries) added = (await this.accept(v, bytes, true)) || added
      if (!added) return
      await this.storage.saveRoster(v.id.toString('hex'), [...v.entries.values()])
      for (const p of this.peers) if (p !== from && p.carries(v.id)) p.roster(v.id, [...v.entries.values()])
    })().catch(err => this.log('error', { message: (err as Error).message }))
  }

  onReceipt (): void {} // receipts flow from seeders to clients only

  /** Verifies a roster entry against the seed key; a new one opens and downloads its cores. */
  private async accept (v: Served, bytes: Buffer, fromPeer: boolean): Promise<boolean> {
    const hex = bytes.toString('hex')
    if (v.entries.has(hex)) return false
    let entry
    try {
      entry = openRosterEntry(bytes, v.seedKey)
    } catch (err) {
      if (!isP2VaultError(err)) throw err
      this.log('roster-refused', { reason: err.message, seedKey: formatSeedKey(v.seedKey) })
      return false
    }
    v.entries.set(hex, bytes)
    for (const key of [entry.dataCore, entry.metaCore]) await this.hold(v, key)
    if (fromPeer) this.log('device-added', { seedKey: formatSeedKey(v.seedKey), dataCore: entry.dataCore.toString('hex') })
    return true
  }

  private async hold (v: Served, key: Buffer): Promise<void> {
    const hex = key.toString('hex')
    if (v.cores.has(hex)) return
    const core = this.store.get({ key })
    await core.ready()
    v.cores.set(hex, core)
    if (!this.overQuota) this.downloads.set(core, core.download({ start: 0, end: -1 }))
    let timer: NodeJS.Timeout | null = null
    const changed = (): void => {
      if (timer !== null) return
      timer = setTimeout(() => { timer = null; this.receipt(v, core).catch(err => this.log('error', { message: (err as Error).message })) }, 50)
    }
    core.on('download', changed)
    core.on('append', changed)
    changed()
  }

  /** Bytes held: the contiguous part of every core, at the core's mean block size. */
  storedBytes (): number {
    let total = 0
    for (const v of this.served.values()) {
      for (const core of v.cores.values()) if (core.length > 0) total += core.contiguousLength * core.byteLength / core.length
    }
    return Math.round(total)
  }

  /** Over quota: stop fetching (loudly); what is stored stays stored. */
  private checkQuota (): void {
    if (this.overQuota || this.opts.maxBytes === undefined) return
    const stored = this.storedBytes()
    if (stored < this.opts.maxBytes) return
    this.overQuota = true
    for (const d of this.downloads.values()) d.destroy()
    this.downloads.clear()
    this.log('over-quota', { storedBytes: stored, maxBytes: this.opts.maxBytes, message: 'storage quota reached: no new blocks are accepted; nothing is evicted' })
  }

  /** Once the contiguous length grew and is flushed to disk, tell the vault's peers. */
  private async receipt (v: Served, core: Hypercore): Promise<void> {
    this.checkQuota()
    const hex = core.key.toString('hex')
    const length = core.contiguousLength
    if (length <= (v.receipted.get(hex) ?? 0)) return
    await this.store.storage.db.flush()
    v.receipted.set(hex, length)
    this.log('stored', { core: hex, length })
    await this.sendReceipt(v, core, length, [...this.peers].filter(p => p.carries(v.id)))
  }

  private async sendReceipt (v: Served, core: Hypercore, length: number, to: Peer[]): Promise<void> {
    if (to.length === 0) return
    const r = signReceipt({ seeder: this.keyPair.publicKey, core: core.key, length, treeHash: await core.treeHash(length), time: Date.now() }, this.keyPair.secretKey)
    for (const p of to) p.receipt(r)
  }
}
