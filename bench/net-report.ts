import { bytes } from '../cli/output.js'
import { table } from './report.js'
import { SETTLE_S, TESTNET_NODES, type DhtRate, type NetResult, type Transfer } from './net.js'

const na = 'n/a'
const fix = (n: number | null | undefined, d = 1): string => n === null || n === undefined || !Number.isFinite(n) ? na : n.toFixed(d)
const rss = (kib: number | null | undefined): string => kib === null || kib === undefined || !Number.isFinite(kib) ? na : `${(kib / 1024).toFixed(0)} MiB`

/** p2vault's push MiB/s divided by each limit's: 1 would mean p2vault loses nothing to it. */
export function netRatios (r: NetResult): Record<string, number | null> {
  const push = r.push?.mibPerSec
  const over = (t: Transfer | undefined): number | null => push === undefined || t === undefined ? null : Number((push / t.mibPerSec).toFixed(4))
  return {
    'push/rawTcp': over(r.tcp),
    'push/hyperswarmPlainPre': over(r.plainPre),
    'push/hyperswarmPlainLive': over(r.plainLive)
  }
}

function throughputTable (r: NetResult): string {
  const push = r.push?.mibPerSec
  const ratio = (t: Transfer | undefined): string => push === undefined || t === undefined ? na : (push / t.mibPerSec).toFixed(3)
  const row = (name: string, t: Transfer | undefined, from: string): string[] =>
    [name, fix(t?.seconds, 2), fix(t?.mibPerSec), rss(t?.senderRssKiB), rss(t?.receiverRssKiB), ratio(t), from]
  const p = r.push
  return table(['path', 'seconds', 'MiB/s', 'sender RSS', 'receiver RSS', 'push/this', 'timed from .. to'], [
    row('p2vault push --replicas 1, one seeder', p, 'push command start .. seeder stored the receipted length'),
    ['  same push, whole command', fix(p?.processSeconds, 2), fix(p?.processMiBPerSec), '', '', '', 'push command start .. exit'],
    row('raw TCP, two Node processes', r.tcp, 'connect .. receiver acknowledged all bytes'),
    row('hyperswarm, plain 64 KiB blocks, pre', r.plainPre, 'reader connected .. last block on disk'),
    row('hyperswarm, plain 64 KiB blocks, live', r.plainLive, 'writer starts appending .. last block on disk')
  ])
}

const commands = (d: DhtRate): string => Object.entries(d.byCommand).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'

function fleetTable (r: NetResult): string {
  return table(['--announce-limit', 'vaults', 'to announce', 'ready s', 'all announced s', `RSS ready+${SETTLE_S} s`, 'peak RSS',
    'req to ready', 'req/s to ready', 'req/s announcing', `req/s ready..+${SETTLE_S} s`, `UDP dgrams/s ready..+${SETTLE_S} s`],
  r.seeders.map(s => [s.announceLimit, String(s.vaults), String(s.announced), fix(s.readySeconds, 2), fix(s.announcedSeconds, 2), rss(s.rssKiB), rss(s.peakRssKiB),
    String(s.startup.requests), fix(s.startup.requestsPerSec), fix(s.announcing?.requestsPerSec), fix(s.afterReady.requestsPerSec), fix(s.afterReady.datagramsPerSec)]))
}

export const NET_NOTES = [
  `All network figures run on a local DHT of ${TESTNET_NODES} nodes bound to 127.0.0.1 inside the bench process; every other DHT binds 127.0.0.1 and knows only those nodes. Nothing leaves loopback.`,
  'push: a fresh vault (`init`), one `seeder --vault SEEDKEY --host 127.0.0.1` process already announced, then `push FILE --replicas 1`; its seconds run from spawning the push to the time the seeder logged the `stored` event (it signs and sends the receipt right after flushing to disk). Sender RSS = the push process (/usr/bin/time), receiver RSS = the seeder\'s VmHWM after the push.',
  'raw TCP: a sink process on 127.0.0.1 and a source process streaming the same file (4 MiB reads); the limit of moving the bytes between two processes.',
  'hyperswarm plain: one process appends the same file to a hypercore in 64 KiB blocks, 32 per append, and serves it (unfirewalled DHT, like a seeder); another joins the core\'s discovery key and downloads every block (eager download, findingPeers, RocksDB flushed at the end). pre = all appended first; live = appending starts once the reader has the core open, as during a push.',
  `seeder fleet: random vault keys -> seed keys (src/crypto/keys.ts), written with SeederStorage.setVaults (what \`seeder add\` does), one seeder process per row, no client connects. "ready s" = spawn to the "ready" log line; "all announced s" = spawn to the "announced" line covering every topic (the seeder announces after ready, in batches of 500); RSS = VmRSS ${SETTLE_S} s after ready; req/s = DHT requests the seeder's DHT created in each window divided by its length.`,
  'DHT requests are counted by bench/dht-probe.ts preloaded into the seeder process (`node --import`), which wraps dht-rpc IO.createRequest (requests), Request._sendNow (sends: request datagrams incl. retries) and udx-native socket send/trySend (all UDP datagrams: requests, replies, pings) in the very module instances hyperdht loads, sampled every 250 ms. No p2vault code is changed.'
]

export function netLines (r: NetResult): string[] {
  const out = ['', `network: ${bytes(r.bytes)} incompressible seeded file over loopback (testnet of ${r.testnetNodes} DHT nodes on 127.0.0.1)`, throughputTable(r)]
  if (r.push !== undefined) out.push(`p2vault push: ${r.push.dataBlocks} data blocks x ${bytes(r.push.blockSize)}, receipts from ${r.push.replicas} seeder(s)`)
  if (r.plainPre?.appendSeconds != null) out.push(`plain hypercore append alone (pre writer, no network): ${fix(r.bytes / 1048576 / r.plainPre.appendSeconds)} MiB/s`)
  out.push('', `one seeder serving ${r.seeders[0]?.vaults ?? '?'} small vaults (no data): start-up, memory and the DHT requests its DHT sends`, fleetTable(r))
  for (const s of r.seeders) {
    out.push(`  --announce-limit ${s.announceLimit}: requests to ready: ${commands(s.startup)}`,
      ...(s.announcing === null ? [] : [`    ready..all announced (${fix(s.announcing.seconds, 2)} s, ${s.announcing.requests} requests, ${s.announcing.timeouts} timed out): ${commands(s.announcing)}`]),
      `    ready..+${SETTLE_S} s (${s.afterReady.requests} requests, ${s.afterReady.timeouts} timed out, ${fix(s.afterReady.transmissionsPerSec)} request datagrams/s with retries): ${commands(s.afterReady)}`)
  }
  if (r.errors.length > 0) out.push('', 'network failures', ...r.errors.map(e => `  FAILED: ${e}`))
  out.push('', 'network notes', ...NET_NOTES.map(n => `  - ${n}`))
  return out
}
