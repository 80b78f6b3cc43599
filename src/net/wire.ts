import c from 'compact-encoding'
import Protomux from 'protomux'
import type { Connection } from 'hyperswarm'
import type { Codec } from '../format/codec.js'

export const PROTOCOL = 'p2vault/1'

/** What one side of a connection hears on the `p2vault/1` channel. */
export interface WireHandler {
  /** The peer says which vaults (by vault id) it carries or wants. */
  onVaults (ids: Buffer[], peer: Peer): void
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

/** One connection's `p2vault/1` channel: vault interest, roster gossip and receipts. */
export class Peer {
  readonly remoteKey: Buffer
  /** Vault ids the remote side said it carries. */
  readonly vaults = new Set<string>()
  private readonly sendVaults: (v: Uint8Array[]) => boolean
  private readonly sendRoster: (v: RosterMessage) => boolean
  private readonly sendReceipt: (v: Uint8Array) => boolean

  constructor (conn: Connection, handler: WireHandler) {
    this.remoteKey = conn.remotePublicKey
    const mux = Protomux.from(conn)
    const channel = mux.createChannel({ protocol: PROTOCOL, onclose: () => handler.onClose?.(this) })
    if (channel === null) throw new Error('p2vault/1 channel already open on this connection')
    const v = channel.addMessage({ encoding: ids, onmessage: (list) => { for (const id of list) this.vaults.add(Buffer.from(id).toString('hex')); handler.onVaults(list.map(b => Buffer.from(b)), this) } })
    const r = channel.addMessage({ encoding: roster, onmessage: (m) => handler.onRoster(m.vaultId, m.entries, this) })
    const p = channel.addMessage({ encoding: c.buffer, onmessage: (b) => { if (b !== null) handler.onReceipt(Buffer.from(b), this) } })
    this.sendVaults = (x) => v.send(x)
    this.sendRoster = (x) => r.send(x)
    this.sendReceipt = (x) => p.send(x)
    channel.open()
  }

  announce (vaultIds: Buffer[]): void { this.sendVaults(vaultIds) }
  roster (vaultId: Buffer, entries: Buffer[]): void { this.sendRoster({ vaultId, entries }) }
  receipt (bytes: Buffer): void { this.sendReceipt(bytes) }

  carries (vaultId: Buffer): boolean { return this.vaults.has(vaultId.toString('hex')) }
}
