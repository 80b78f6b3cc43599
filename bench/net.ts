/**
 * The network part of the bench, all on a local DHT bound to 127.0.0.1: p2vault's push to one
 * seeder against the limits under it (raw TCP between two processes, Hyperswarm replicating
 * plain hypercore blocks), and one seeder serving many small vaults (start-up, memory, DHT load).
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import createTestnet from 'hyperdht/testnet.js'
import { SeederStorage } from '../src/index.js'
import { deriveVaultKeys, generateVaultKey } from '../src/crypto/keys.js'
import { BIG_SEED, writeSeededFile } from './data.js'
import { Child } from './net-child.js'
import { run, sync, TIME_BIN } from './proc.js'
import { CLI } from './tools.js'

const MiB = 1024 * 1024
const HERE = path.dirname(fileURLToPath(import.meta.url))
const PEER = path.join(HERE, 'net-peer.js')
const PROBE = pathToFileURL(path.join(HERE, 'dht-probe.js')).href
const GUARD = pathToFileURL(path.join(HERE, 'orphan-guard.js')).href
/** node with the orphan guard preloaded: a child ends itself if the bench is killed. */
const NODE = [process.execPath, '--import', GUARD]
const ENV = { P2VAULT_NO_PUBLIC_DHT: '1' }
export const TESTNET_NODES = 3
export const SETTLE_S = 30

export interface NetConfig { bigMiB: number, vaults: number, timeoutMs: number, work: string, log: (s: string) => void }

/** Bytes moved from one process to another: seconds, MiB/s and both ends' peak RSS. */
export interface Transfer { seconds: number, mibPerSec: number, senderRssKiB: number | null, receiverRssKiB: number | null }

export interface PushNet extends Transfer {
  /** Start of the push command to the seeder logging the stored length its receipt covers. */
  receiptSeconds: number | null
  /** Start to exit of the push command (receipt, then closing the swarm and the vault). */
  processSeconds: number
  processMiBPerSec: number
  dataBlocks: number
  blockSize: number
  replicas: number
}

export interface PlainNet extends Transfer { mode: 'pre' | 'live', blocks: number, appendSeconds: number | null }

/** Totals from dht-probe at one moment. */
export interface DhtSample { t: number, mark?: string, requests: number, transmissions: number, datagrams: number, byCommand: Record<string, number>, library: { total: number, retries: number, timeouts: number, responses: number } }

export interface DhtRate { seconds: number, requests: number, requestsPerSec: number, transmissionsPerSec: number, datagramsPerSec: number, timeouts: number, byCommand: Record<string, number> }

export interface SeederFleet {
  announceLimit: string
  vaults: number
  /** Vaults the seeder said it would announce ("vault-added" with announced: true). */
  announced: number
  /** Spawn to the "ready" line. */
  readySeconds: number
  /** Spawn to the "announced" line covering every topic; null when none is announced. */
  announcedSeconds: number | null
  /** VmRSS and VmHWM at ready + SETTLE_S. */
  rssKiB: number | null
  peakRssKiB: number | null
  /** DHT requests from spawn to ready, from ready to all announced, and in SETTLE_S after ready. */
  startup: DhtRate
  announcing: DhtRate | null
  afterReady: DhtRate
}

export interface NetResult {
  bytes: number
  testnetNodes: number
  push?: PushNet
  tcp?: Transfer
  plainPre?: PlainNet
  plainLive?: PlainNet
  seeders: SeederFleet[]
  errors: string[]
}

const rate = (bytes: number, seconds: number): number => bytes / MiB / seconds

export async function netSection (cfg: NetConfig): Promise<NetResult> {
  process.env.P2VAULT_NO_PUBLIC_DHT = '1'
  process.env.P2VAULT_BENCH_PID = String(process.pid) // for orphan-guard in every child
  const dir = path.join(cfg.work, 'net')
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, 'big.bin')
  const size = cfg.bigMiB * MiB
  const result: NetResult = { bytes: size, testnetNodes: TESTNET_NODES, seeders: [], errors: [] }
  const step = async <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> => {
    cfg.log(`net: ${what}`)
    try {
      return await fn()
    } catch (err) {
      const msg = `${what}: ${(err as Error).message.split('\n')[0]}`
      result.errors.push(msg)
      cfg.log(`  FAILED: ${msg}`)
      return undefined
    }
  }
  try {
    cfg.log(`net: writing ${cfg.bigMiB} MiB of seeded bytes; each measurement gets a fresh testnet of ${TESTNET_NODES} DHT nodes on 127.0.0.1`)
    writeSeededFile(file, BIG_SEED, size)
    result.push = await step('p2vault push --replicas 1 to one seeder', () => onTestnet(b => measurePush(cfg, dir, b, file, size)))
    result.tcp = await step('raw TCP between two processes', () => measureTcp(cfg, file, size))
    result.plainPre = await step('hyperswarm, plain blocks appended before the reader connects', () => onTestnet(b => measurePlain(cfg, dir, b, file, size, 'pre')))
    result.plainLive = await step('hyperswarm, plain blocks appended while the reader downloads', () => onTestnet(b => measurePlain(cfg, dir, b, file, size, 'live')))
    const keys = Array.from({ length: cfg.vaults }, () => deriveVaultKeys(generateVaultKey()).seedKey)
    for (const limit of [null, 0]) {
      const label = limit === null ? 'default' : String(limit)
      const got = await step(`one seeder, ${cfg.vaults} vaults, --announce-limit ${label}`, () => onTestnet(b => measureFleet(cfg, dir, b, keys, limit)))
      if (got !== undefined) result.seeders.push(got)
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
  return result
}

/**
 * Runs `fn` with a fresh local DHT, so no measurement meets the dead routing entries of the
 * processes an earlier one started and stopped.
 */
async function onTestnet<T> (fn: (bootstrap: string) => Promise<T>): Promise<T> {
  const testnet = await createTestnet(TESTNET_NODES, { host: '127.0.0.1' })
  try {
    return await fn(testnet.bootstrap.map(n => `${n.host}:${n.port}`).join(','))
  } finally {
    await testnet.destroy()
  }
}

function seederArgv (storage: string, bootstrap: string, extra: string[], preload: string[] = []): string[] {
  return [...NODE, ...preload, CLI, 'seeder', '--storage', storage, '--bootstrap', bootstrap, '--host', '127.0.0.1', ...extra]
}

async function measurePush (cfg: NetConfig, dir: string, bootstrap: string, file: string, size: number): Promise<PushNet> {
  const home = path.join(dir, 'push-home')
  const init = await run(process.execPath, ['--import', GUARD, CLI, '--home', home, '--json', 'init'], { env: ENV, timeoutMs: 120_000 })
  const { seedKey } = JSON.parse(init.stdout) as { seedKey: string }
  const seeder = new Child('seeder', seederArgv(path.join(dir, 'push-seeder'), bootstrap, ['--vault', seedKey]), ENV)
  try {
    await seeder.event('ready', 120_000)
    await seeder.event('announced', 120_000) // the push looks the vault topic up once
    sync()
    const rssFile = fs.existsSync(TIME_BIN) ? path.join(dir, 'push-rss.txt') : null
    const timeoutS = Math.ceil(cfg.timeoutMs / 1000)
    const start = Date.now()
    const r = await run(process.execPath, ['--import', GUARD, CLI, '--home', home, '--bootstrap', bootstrap, '--json', 'push', file, '--replicas', '1', '--timeout', String(timeoutS)],
      { env: ENV, timeoutMs: cfg.timeoutMs + 60_000, rssFile })
    const end = start + r.seconds * 1000
    const seederMem = seeder.memory()
    const doc = JSON.parse(r.stdout) as { dataBlocks: number, blockSize: number, replicas: unknown[] }
    if (doc.replicas.length < 1) throw new Error('push --replicas 1 ended without a receipt')
    // The seeder logs "stored" right before it signs and sends the receipt for that length.
    const stored = seeder.events('stored').map(e => Date.parse(e.time as string)).filter(t => t <= end)
    const receiptSeconds = stored.length === 0 ? null : (Math.max(...stored) - start) / 1000
    const seconds = receiptSeconds ?? r.seconds
    cfg.log(`  push: ${r.seconds.toFixed(2)} s to exit, ${receiptSeconds?.toFixed(2) ?? 'n/a'} s to receipt, ${rate(size, seconds).toFixed(1)} MiB/s`)
    return {
      seconds, mibPerSec: rate(size, seconds), senderRssKiB: r.rssKiB, receiverRssKiB: seederMem?.hwmKiB ?? null,
      receiptSeconds, processSeconds: r.seconds, processMiBPerSec: rate(size, r.seconds),
      dataBlocks: doc.dataBlocks, blockSize: doc.blockSize, replicas: doc.replicas.length
    }
  } finally {
    await seeder.stop()
    fs.rmSync(home, { recursive: true, force: true })
    fs.rmSync(path.join(dir, 'push-seeder'), { recursive: true, force: true })
  }
}

async function measureTcp (cfg: NetConfig, file: string, size: number): Promise<Transfer> {
  const sink = new Child('tcp-sink', [...NODE, PEER, 'tcp-sink', String(size)])
  try {
    const { port } = await sink.event('listening', 30_000)
    const source = new Child('tcp-source', [...NODE, PEER, 'tcp-source', file, String(port)])
    try {
      const sent = await source.event('sent', cfg.timeoutMs)
      const got = await sink.event('received', 30_000)
      if (got.bytes !== size) throw new Error(`sink received ${got.bytes} bytes, not ${size}`)
      cfg.log(`  tcp: ${sent.seconds.toFixed(2)} s, ${rate(size, sent.seconds).toFixed(1)} MiB/s`)
      return { seconds: sent.seconds, mibPerSec: rate(size, sent.seconds), senderRssKiB: sent.maxRssKiB, receiverRssKiB: got.maxRssKiB }
    } finally {
      await source.stop()
    }
  } finally {
    await sink.stop()
  }
}

/** pre: times first connection to last block; live: first append to last block, same clock. */
async function measurePlain (cfg: NetConfig, dir: string, bootstrap: string, file: string, size: number, mode: 'pre' | 'live'): Promise<PlainNet> {
  const wdir = path.join(dir, `plain-${mode}-writer`)
  const rdir = path.join(dir, `plain-${mode}-reader`)
  const writer = new Child(`core-writer ${mode}`, [...NODE, PEER, 'core-writer', file, wdir, bootstrap, mode])
  try {
    const ready = await writer.event('ready', cfg.timeoutMs)
    const reader = new Child(`core-reader ${mode}`, [...NODE, PEER, 'core-reader', ready.key, String(ready.length), rdir, bootstrap])
    try {
      const done = await reader.event('done', cfg.timeoutMs)
      if (done.bytes !== size) throw new Error(`reader has ${done.bytes} bytes, not ${size}`)
      const from = mode === 'pre' ? done.connectedAt as number : (await writer.event('appending', 5_000)).t as number
      const seconds = (done.t - from) / 1000
      const appendSeconds = mode === 'pre' ? ready.appendSeconds as number : (await writer.event('appended', cfg.timeoutMs)).seconds as number
      cfg.log(`  ${mode}: ${seconds.toFixed(2)} s, ${rate(size, seconds).toFixed(1)} MiB/s (append alone ${appendSeconds.toFixed(2)} s)`)
      return { mode, seconds, mibPerSec: rate(size, seconds), senderRssKiB: writer.memory()?.hwmKiB ?? null, receiverRssKiB: done.maxRssKiB, blocks: done.blocks, appendSeconds }
    } finally {
      await reader.stop()
    }
  } finally {
    await writer.stop()
    fs.rmSync(wdir, { recursive: true, force: true })
    fs.rmSync(rdir, { recursive: true, force: true })
  }
}

/** One seeder process over `keys` (written as `seeder add` would), DHT counted by dht-probe. */
async function measureFleet (cfg: NetConfig, dir: string, bootstrap: string, keys: Buffer[], limit: number | null): Promise<SeederFleet> {
  const label = limit === null ? 'default' : String(limit)
  const storage = path.join(dir, `fleet-${label}`)
  const stats = path.join(dir, `fleet-${label}-dht.jsonl`)
  await new SeederStorage(storage).setVaults(keys)
  const extra = limit === null ? [] : ['--announce-limit', String(limit)]
  const seeder = new Child(`seeder (--announce-limit ${label})`, seederArgv(storage, bootstrap, extra, ['--import', PROBE]), { ...ENV, P2VAULT_BENCH_DHT_STATS: stats })
  try {
    const ready = await seeder.event('ready', cfg.timeoutMs)
    cfg.log(`  ready after ${((ready.at - seeder.startedAt) / 1000).toFixed(2)} s; RSS and DHT counts ${SETTLE_S} s later`)
    await sleep(ready.at + SETTLE_S * 1000 - Date.now())
    if (!seeder.running) throw new Error(`seeder exited during the ${SETTLE_S} s wait: ${seeder.stderr.trim().split('\n').pop() ?? ''}`)
    const mem = seeder.memory()
    const announced = seeder.events('vault-added').filter(e => e.announced === true).length
    const all = announced === 0 ? null : await seeder.waitFor(t => isAllAnnounced(t, announced), cfg.timeoutMs, `"announced" event for all ${announced} topics`)
    await sleep(300) // one more probe sample past the window's end
    const samples = readSamples(stats)
    const atReady = samples.find(s => s.mark === 'ready') ?? nearest(samples, ready.at)
    const atAll = all === null ? null : samples.filter(s => s.mark === 'announced').pop() ?? nearest(samples, all.at)
    const zero: DhtSample = { t: seeder.startedAt, requests: 0, transmissions: 0, datagrams: 0, byCommand: {}, library: { total: 0, retries: 0, timeouts: 0, responses: 0 } }
    const fleet: SeederFleet = {
      announceLimit: label,
      vaults: keys.length,
      announced,
      readySeconds: (ready.at - seeder.startedAt) / 1000,
      announcedSeconds: all === null ? null : (all.at - seeder.startedAt) / 1000,
      rssKiB: mem?.rssKiB ?? null,
      peakRssKiB: mem?.hwmKiB ?? null,
      startup: between(zero, atReady),
      announcing: atAll === null ? null : between(atReady, atAll),
      afterReady: between(atReady, nearest(samples, atReady.t + SETTLE_S * 1000))
    }
    cfg.log(`  ${announced} to announce${fleet.announcedSeconds === null ? '' : `, all announced after ${fleet.announcedSeconds.toFixed(2)} s`}; RSS ${((fleet.rssKiB ?? 0) / 1024).toFixed(0)} MiB; DHT requests/s: to ready ${fleet.startup.requestsPerSec.toFixed(1)}, ${SETTLE_S} s after ready ${fleet.afterReady.requestsPerSec.toFixed(1)}`)
    return fleet
  } finally {
    await seeder.stop()
    fs.rmSync(storage, { recursive: true, force: true })
  }
}

function isAllAnnounced (line: string, n: number): boolean {
  if (!line.includes('"event":"announced"')) return false
  const e = JSON.parse(line) as { topics?: number, of?: number }
  return e.topics === e.of && e.of === n
}

function readSamples (file: string): DhtSample[] {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''
  const samples = text.split('\n').filter(l => l.trim() !== '').map(l => JSON.parse(l) as DhtSample)
  if (samples.length === 0) throw new Error('dht-probe wrote no samples: was it preloaded?')
  return samples
}

function nearest (samples: DhtSample[], t: number): DhtSample {
  return samples.reduce((best, s) => Math.abs(s.t - t) < Math.abs(best.t - t) ? s : best)
}

function between (a: DhtSample, b: DhtSample): DhtRate {
  const seconds = (b.t - a.t) / 1000
  const per = (n: number): number => seconds > 0 ? n / seconds : 0
  const byCommand: Record<string, number> = {}
  for (const [k, v] of Object.entries(b.byCommand)) if (v - (a.byCommand[k] ?? 0) > 0) byCommand[k] = v - (a.byCommand[k] ?? 0)
  return {
    seconds,
    requests: b.requests - a.requests,
    requestsPerSec: per(b.requests - a.requests),
    transmissionsPerSec: per(b.transmissions - a.transmissions),
    datagramsPerSec: per(b.datagrams - a.datagrams),
    timeouts: b.library.timeouts - a.library.timeouts,
    byCommand
  }
}

function sleep (ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, Math.max(0, ms)))
}
