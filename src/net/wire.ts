import c from 'compact-encoding'
import Protomux from 'protomux'
import type { Connection } from 'hyperswarm'
import type { Codec } from '../format/codec.js'
import { vaultId, vaultProof } from './names.js'

export const PROTOCOL = 'p2vault/1'

/** What one side of a connection hears on the `p2vault/1` channel. */
export interface WireHandler {
  /** The peer sent proofs of the vaults it carries or wants: check them with `peer.proves`. */
  onVaults (peer: Peer): void
  /** Signed roster entries of one vault: to be verified before any use. */
  onRoster (vaultId: Buffer, entries: Buffer[], peer: Peer): void
  /** A signed durability receipt. */
  onReceipt (receipt: Buffer, peer: Peer): void
  onClose? (peer: Peer): void
}

const ids = c.array(c.fixed32)
interface RosterMessage { vaultId: Buffer, entries: Buffer[] }
const buffers = c.array(c.buffer)
const roster: Codec<RosterMessage> = {
  preencode (s, m) { c.fixed32.preencode(s, m.vaultId); buffers.preencode(s, m.entries) },
  encode (s, m) { c.fixed32.encode(s, m.vaultId); buffers.encode(s, m.entries) },
  decode (s) { return { vaultId: Buffer.from(c.fixed32.decode(s)), entries: buffers.decode(s).map(b => Buffer.from(b ?? Buffer.alloc(0))) } }
}

/**
 * One connection's `p2vault/1` channel: vault proofs, roster gossip and receipts. A side
 * names a vault only by a proof bound to this connection (see `vaultProof`), so a peer learns
 * nothing of a vault whose seed key it does not hold, and nobody sends roster entries (core
 * keys) for a vault before the other side has proven it.
 */
export class Peer {
  readonly remoteKey: Buffer
  private readonly localKey: Buffer
  /** Proofs received, and the vault ids the remote side has proven. */
  private readonly proofs = new Set<string>()
  private readonly vaults = new Set<string>()
  private readonly sendVaults: (v: Uint8Array[]) => boolean
  private readonly sendRoster: (v: RosterMessage) => boolean
  private readonly sendReceipt: (v: Uint8Array) => boolean

  constructor (conn: Connection, handler: WireHandler) {
    this.remoteKey = conn.remotePublicKey
    this.localKey = conn.publicKey
    const mux = Protomux.from(conn)
    const channel = mux.createChannel({ protocol: PROTOCOL, onclose: () => handler.onClose?.(this) })
    if (channel === null) throw new Error('p2vault/1 channel already open on this connection')
    const v = channel.addMessage({ encoding: ids, onmessage: (list) => { for (const p of list) this.proofs.add(Buffer.from(p).toString('hex')); handler.onVaults(this) } })
    const r = channel.addMessage({ encoding: roster, onmessage: (m) => handler.onRoster(m.vaultId, m.entries, this) })
    const p = channel.addMessage({ encoding: c.buffer, onmessage: (b) => { if (b !== null) handler.onReceipt(Buffer.from(b), this) } })
    this.sendVaults = (x) => v.send(x)
    this.sendRoster = (x) => r.send(x)
    this.sendReceipt = (x) => p.send(x)
    channel.open()
  }

  /** Proves to the remote side that this side holds these seed keys. */
  announce (seedKeys: Buffer[]): void {
    this.sendVaults(seedKeys.map(k => vaultProof(k, this.localKey, this.remoteKey)))
  }

  /** Whether the remote side has proven the seed key (remembered for `carries`). */
  proves (seedKey: Buffer): boolean {
    if (!this.proofs.has(vaultProof(seedKey, this.remoteKey, this.localKey).toString('hex'))) return false
    this.vaults.add(vaultId(seedKey).toString('hex'))
    return true
  }

  carries (id: Buffer): boolean { return this.vaults.has(id.toString('hex')) }

  roster (id: Buffer, entries: Buffer[]): void { this.sendRoster({ vaultId: id, entries }) }
  receipt (bytes: Buffer): void { this.sendReceipt(bytes) }
}
