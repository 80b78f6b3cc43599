/**
 * The far ends of the network bench, one role per process:
 *   tcp-sink BYTES                          receive BYTES over TCP on 127.0.0.1, answer one byte
 *   tcp-source FILE PORT                    send FILE to the sink, time connect to answer
 *   core-writer FILE DIR BOOTSTRAP pre|live  a hypercore of FILE in 64 KiB blocks, served on the swarm
 *   core-reader KEY LENGTH DIR BOOTSTRAP    download every block of that core from the swarm
 * Each prints JSON lines with an "event" and ends its last one with its own peak RSS. Only
 * loopback: every DHT binds 127.0.0.1 and knows only the bootstrap nodes it is given.
 */
import fs from 'node:fs'
import net from 'node:net'
import type { EventEmitter } from 'node:events'
import Corestore from 'corestore'
import type Hypercore from 'hypercore'
import HyperDHT from 'hyperdht'
import Hyperswarm from 'hyperswarm'
import { parseBootstrap } from '../src/net/swarm.js'

const BLOCK = 64 * 1024
const BATCH = 32

const say = (event: string, fields: Record<string, unknown> = {}): void => {
  process.stdout.write(JSON.stringify({ event, t: Date.now(), ...fields }) + '\n')
}
const maxRssKiB = (): number => process.resourceUsage().maxRSS

function tcpSink (want: number): void {
  const server = net.createServer((sock) => {
    let got = 0
    sock.on('data', (d: Buffer) => {
      got += d.byteLength
      if (got < want) return
      sock.end('k')
      server.close()
      say('received', { bytes: got, maxRssKiB: maxRssKiB() })
    })
    sock.on('error', () => {})
  })
  server.listen(0, '127.0.0.1', () => say('listening', { port: (server.address() as net.AddressInfo).port }))
}

function tcpSource (file: string, port: number): void {
  const bytes = fs.statSync(file).size
  const sock = net.connect({ port, host: '127.0.0.1' })
  let start = 0n
  sock.on('connect', () => {
    start = process.hrtime.bigint()
    fs.createReadStream(file, { highWaterMark: 4 * 1024 * 1024 }).pipe(sock, { end: false })
  })
  sock.once('data', () => {
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    say('sent', { bytes, seconds, maxRssKiB: maxRssKiB() })
    sock.destroy()
  })
}

function swarmOn (bootstrap: string, server: boolean): Hyperswarm {
  const nodes = parseBootstrap(bootstrap)
  if (nodes.length === 0) throw new Error('no bootstrap nodes')
  // The DHT is built here because Hyperswarm does not forward `host`; servers run unfirewalled.
  const dht = new HyperDHT({ bootstrap: nodes, host: '127.0.0.1', ...(server ? { firewalled: false, ephemeral: false } : {}) })
  return new Hyperswarm({ dht })
}

async function closeAll (swarm: Hyperswarm, store: Corestore): Promise<void> {
  await swarm.destroy()
  await swarm.dht.destroy()
  await store.close()
}

function untilSignal (): Promise<void> {
  return new Promise(resolve => { process.once('SIGTERM', resolve); process.once('SIGINT', resolve) })
}

/** Appends FILE in 64 KiB blocks, 32 per append, each batch in fresh buffers. */
async function appendFile (core: Hypercore, file: string): Promise<number> {
  const fd = fs.openSync(file, 'r')
  const start = process.hrtime.bigint()
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(BLOCK * BATCH)
      const n = fs.readSync(fd, buf, 0, buf.byteLength, null)
      if (n === 0) break
      const blocks: Buffer[] = []
      for (let off = 0; off < n; off += BLOCK) blocks.push(buf.subarray(off, Math.min(off + BLOCK, n)))
      await core.append(blocks)
    }
  } finally {
    fs.closeSync(fd)
  }
  return Number(process.hrtime.bigint() - start) / 1e9
}

/** pre: append everything, then serve. live: serve, and append once a reader has the core open. */
async function coreWriter (file: string, dir: string, bootstrap: string, mode: string): Promise<void> {
  if (mode !== 'pre' && mode !== 'live') throw new Error(`mode must be pre or live, not ${mode}`)
  const size = fs.statSync(file).size
  const store = new Corestore(dir)
  const core = store.get({ name: 'bench-plain' })
  await core.ready()
  const appendSeconds = mode === 'pre' ? await appendFile(core, file) : null
  const swarm = swarmOn(bootstrap, true)
  try {
    swarm.on('connection', (conn) => { conn.on('error', () => {}); store.replicate(conn) })
    if (mode === 'live') {
      ;(core as unknown as EventEmitter).once('peer-add', () => {
        say('appending')
        appendFile(core, file).then(s => say('appended', { seconds: s }), (err: Error) => say('error', { message: err.message }))
      })
    }
    await swarm.join(core.discoveryKey, { server: true, client: false }).flushed()
    say('ready', { key: core.key.toString('hex'), length: Math.ceil(size / BLOCK), bytes: size, appendSeconds })
    await untilSignal()
    say('stopped', { maxRssKiB: maxRssKiB() })
  } finally {
    await closeAll(swarm, store)
  }
}

/** Downloads every block; times from the first connection to the last block flushed to disk. */
async function coreReader (keyHex: string, length: number, dir: string, bootstrap: string): Promise<void> {
  const store = new Corestore(dir)
  const core = store.get({ key: Buffer.from(keyHex, 'hex') })
  await core.ready()
  const swarm = swarmOn(bootstrap, false)
  try {
    let connectedAt = 0
    swarm.on('connection', (conn) => {
      conn.on('error', () => {})
      if (connectedAt === 0) { connectedAt = Date.now(); say('connected') }
      store.replicate(conn)
    })
    const all = new Promise<void>(resolve => {
      const check = (): void => { if (core.contiguousLength >= length) resolve() }
      core.on('download', check)
      core.on('append', check)
      check()
    })
    const done = core.findingPeers()
    swarm.join(core.discoveryKey, { server: false, client: true })
    swarm.flush().then(done, done)
    core.download({ start: 0, end: -1 })
    await all
    await store.storage.db.flush()
    const t = Date.now()
    say('done', { connectedAt, bytes: core.byteLength, blocks: core.contiguousLength, seconds: (t - connectedAt) / 1000, maxRssKiB: maxRssKiB() })
  } finally {
    await closeAll(swarm, store)
  }
}

async function main (argv: string[]): Promise<void> {
  const [role, ...a] = argv
  if (role === 'tcp-sink') return tcpSink(Number(a[0]))
  if (role === 'tcp-source') return tcpSource(a[0], Number(a[1]))
  if (role === 'core-writer') return coreWriter(a[0], a[1], a[2], a[3])
  if (role === 'core-reader') return coreReader(a[0], Number(a[1]), a[2], a[3])
  throw new Error(`unknown role "${role}"`)
}

main(process.argv.slice(2)).catch((err: Error) => {
  process.stderr.write(`net-peer: ${err.stack ?? err.message}\n`)
  process.exit(1)
})
