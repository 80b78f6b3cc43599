import ReadyResource from 'ready-resource'
import type Hyperswarm from 'hyperswarm'
import type { Connection } from 'hyperswarm'
import { openReceipt, type Receipt } from '../format/receipt.js'
import { P2VaultError, isP2VaultError } from '../errors.js'
import type Corestore from 'corestore'
import type Hypercore from 'hypercore'
import type { Roster } from '../vault/roster.js'
import { vaultId, vaultTopic } from './names.js'
import { createSwarm, destroySwarm, type Node } from './swarm.js'
import { Peer, type WireHandler } from './wire.js'

export interface NetworkOptions {
  bootstrap: Node[]
  /** Seeders to reach by public key, besides those met on the vault topic. */
  seeders?: Buffer[]
  /** How long reads wait for a block from peers (ms). */
  readTimeout?: number
  /** How long opening waits for peers to answer with the roster (ms). */
  rosterWait?: number
}

/** What the network needs of a vault (a `Vault`, or a device still joining). */
export interface NetVault {
  keys: { seedKey: Buffer }
  store: Corestore
  roster: Roster
  remoteTimeout: number
  metaCores (): Promise<Hypercore[]>
  coreFor (key: Buffer): Promise<Hypercore>
}

/** Everything the network said: receipts by seeder, highest contiguous length per core. */
export type Receipts = Map<string, Map<string, number>>

/**
 * A vault on the swarm: meets seeders and other devices on the vault topic (and seeders by
 * key), replicates the corestore, gossips roster entries and collects durability receipts.
 */
export class VaultNetwork extends ReadyResource implements WireHandler {
  swarm!: Hyperswarm
  readonly receipts: Receipts = new Map()
  private readonly peers = new Set<Peer>()
  private readonly id: Buffer
  private answered = new Set<Peer>()
  private wake: (() => void) | null = null

  constructor (readonly vault: NetVault, private readonly opts: NetworkOptions) {
    super()
    this.id = vaultId(vault.keys.seedKey)
  }

  async _open (): Promise<void> {
    this.swarm = createSwarm({ bootstrap: this.opts.bootstrap })
    this.swarm.on('connection', (conn: Connection) => this.onConnection(conn))
    const done = this.vault.store.findingPeers()
    const discovery = this.swarm.join(vaultTopic(this.vault.keys.seedKey), { server: false, client: true })
    for (const key of this.opts.seeders ?? []) this.swarm.joinPeer(key)
    try {
      // Not swarm.flush(): with peers joined by key it can wait forever (seen with hyperswarm 4.17).
      await discovery.flushed()
      await this.settle(this.opts.rosterWait ?? 5000)
    } finally {
      done()
    }
    this.vault.remoteTimeout = this.opts.readTimeout ?? 20000
    for (const core of await this.vault.metaCores()) await core.update({ wait: true }).catch(() => false)
  }

  async _close (): Promise<void> {
    this.vault.remoteTimeout = 0
    if (this.swarm) await destroySwarm(this.swarm)
  }

  get connected (): number { return this.peers.size }

  private onConnection (conn: Connection): void {
    conn.on('error', () => {})
    this.vault.store.replicate(conn)
    const peer = new Peer(conn, this)
    this.peers.add(peer)
    peer.announce([this.vault.keys.seedKey])
  }

  onClose (peer: Peer): void {
    this.peers.delete(peer)
    this.answered.delete(peer)
  }

  /** Roster entries (core keys) go only to a peer that proved it holds the seed key. */
  onVaults (peer: Peer): void {
    if (peer.carries(this.id) || !peer.proves(this.vault.keys.seedKey)) return
    peer.roster(this.id, this.vault.roster.all())
  }

  onRoster (id: Buffer, entries: Buffer[], from: Peer): void {
    if (!id.equals(this.id) || !from.carries(this.id)) return
    this.answered.add(from)
    this.wake?.()
    this.vault.roster.add(entries).then(async (fresh) => {
      if (fresh.length === 0) return
      for (const d of fresh) await this.vault.coreFor(d.metaCore)
      for (const p of this.peers) if (p !== from && p.carries(this.id)) p.roster(this.id, this.vault.roster.all())
    }).catch(() => {})
  }

  onReceipt (bytes: Buffer, from: Peer): void {
    let r: Receipt
    try {
      r = openReceipt(bytes)
    } catch (err) {
      if (!isP2VaultError(err)) throw err
      this.emit('refused', { reason: err.message, peer: from.remoteKey.toString('hex') })
      return
    }
    // A receipt counts only from the seeder that signed it, over the connection it signed from,
    // and, when the vault names its seeders, only from one of them.
    if (!r.seeder.equals(from.remoteKey)) return
    if (this.opts.seeders !== undefined && this.opts.seeders.length > 0 && !this.opts.seeders.some(k => k.equals(r.seeder))) return
    this.checkTree(r).then((ok) => {
      if (!ok) {
        this.emit('refused', { reason: 'receipt does not match this device\'s tree', peer: from.remoteKey.toString('hex') })
        return
      }
      const seeder = r.seeder.toString('hex')
      const cores = this.receipts.get(seeder) ?? new Map<string, number>()
      const core = r.core.toString('hex')
      cores.set(core, Math.max(cores.get(core) ?? 0, r.length))
      this.receipts.set(seeder, cores)
      this.emit('receipt', r)
      this.wake?.()
    }, () => {})
  }

  /** For this device's own cores, a receipt must name a length it has and that length's tree hash. */
  private async checkTree (r: Receipt): Promise<boolean> {
    const core = await this.vault.coreFor(r.core).catch(() => null)
    if (core === null || !core.writable) return true // another device's core: its writer can check
    return r.length <= core.length && (await core.treeHash(r.length)).equals(r.treeHash)
  }

  /**
   * Waits, at most `ms`, until no connection is still being made, the seeders named by key
   * are connected, and every connected peer has answered with the vault's roster.
   */
  private async settle (ms: number): Promise<void> {
    const deadline = Date.now() + ms
    const named = (this.opts.seeders ?? []).map(k => k.toString('hex'))
    const pending = (): boolean => {
      const connected = new Set([...this.peers].map(p => p.remoteKey.toString('hex')))
      return this.swarm.connecting > 0 || named.some(k => !connected.has(k)) || [...this.peers].some(p => !this.answered.has(p))
    }
    while (pending() && Date.now() < deadline) await this.nap(deadline - Date.now())
  }

  private nap (ms: number): Promise<void> {
    return new Promise(resolve => {
      const t = setTimeout(resolve, Math.min(ms, 500))
      this.wake = () => { clearTimeout(t); resolve() }
    })
  }

  /** Seeders whose receipts cover every core at the given lengths; `length` is the first core's. */
  covering (want: Map<string, number>): Array<{ seeder: string, length: number }> {
    const out: Array<{ seeder: string, length: number }> = []
    for (const [seeder, cores] of this.receipts) {
      if ([...want].every(([core, length]) => (cores.get(core) ?? 0) >= length)) {
        out.push({ seeder, length: cores.get([...want.keys()][0]) ?? 0 })
      }
    }
    return out
  }

  /** Waits for `n` distinct seeders' receipts covering the cores at the lengths wanted. */
  async waitForReplicas (n: number, want: Map<string, number>, timeoutMs: number): Promise<Array<{ seeder: string, length: number }>> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const have = this.covering(want)
      if (have.length >= n) return have
      if (Date.now() >= deadline) throw P2VaultError.REPLICAS_TIMEOUT(n, have.length, timeoutMs)
      await this.nap(deadline - Date.now())
    }
  }
}
