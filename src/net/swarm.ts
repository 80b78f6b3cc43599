import HyperDHT from 'hyperdht'
import Hyperswarm from 'hyperswarm'
import { P2VaultError } from '../errors.js'

export interface Node { host: string, port: number }

export interface SwarmOptions {
  /** Required: never the public DHT by default (the CLI decides what its default is). */
  bootstrap: Node[]
  keyPair?: { publicKey: Buffer, secretKey: Buffer }
  /** Local address to bind; by default 127.0.0.1 when every bootstrap node is on loopback. */
  host?: string
  port?: number
  /** Servers (seeders) run unfirewalled and persistent: measured 10/10 connections, 7/10 otherwise. */
  server?: boolean
}

export function parseBootstrap (text: string): Node[] {
  return text.split(',').map(s => s.trim()).filter(s => s !== '').map(s => {
    const m = /^(.+):(\d{1,5})$/.exec(s)
    if (m === null) throw P2VaultError.BAD_SETTING(`bootstrap node "${s}" is not HOST:PORT`)
    return { host: m[1], port: Number(m[2]) }
  })
}

export function createSwarm (opts: SwarmOptions): Hyperswarm {
  if (opts.bootstrap.length === 0) throw P2VaultError.BAD_SETTING('no bootstrap node given: pass --bootstrap HOST:PORT or set P2VAULT_BOOTSTRAP')
  // A swarm whose bootstrap nodes are all on loopback stays there: bound to all interfaces, a
  // DHT also probes the machine's LAN address.
  const loopback = opts.bootstrap.every(n => n.host === '127.0.0.1' || n.host === 'localhost')
  const dht = new HyperDHT({
    bootstrap: opts.bootstrap,
    host: opts.host ?? (loopback ? '127.0.0.1' : undefined),
    port: opts.port,
    // A port asked for is the port used, or an error: never a silent move to another one.
    ...(opts.port !== undefined ? { anyPort: false } : {}),
    keyPair: opts.keyPair,
    // maxWindow (dht-rpc's request window, default 80) lets a seeder keep thousands of topics.
    ...(opts.server === true ? { firewalled: false, ephemeral: false, maxWindow: 1000 } : {})
  })
  return new Hyperswarm({ dht, keyPair: opts.keyPair })
}

/** Closes a swarm and the DHT under it (Hyperswarm does not destroy a DHT it was given). */
export async function destroySwarm (swarm: Hyperswarm): Promise<void> {
  await swarm.destroy()
  await swarm.dht.destroy()
}
