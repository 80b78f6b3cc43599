/**
 * Counts what a process's DHT sends, from outside p2vault's code: preloaded with
 * `node --import <this file> cli/main.js seeder ...`, it wraps dht-rpc's request creation and
 * send, and udx-native's datagram send, in the same module instances hyperdht loads. Every
 * 250 ms (and at exit) it appends one JSON line of running totals to $P2VAULT_BENCH_DHT_STATS:
 *   requests       DHT requests created (dht-rpc IO.createRequest), by command in byCommand
 *   transmissions  request datagrams put on the wire, retries included (Request._sendNow)
 *   library        dht-rpc's own io.stats.requests counters, summed over the process's DHTs
 *   datagrams      every UDP datagram sent through udx sockets (requests, replies, pings;
 *                  UDX stream packets are sent natively and are not included)
 * An extra sample, marked with the event's name, is written the moment the process writes a
 * "ready" or "announced" event to stdout, so the counts split exactly at those moments.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'

interface IoStats { requests: { total: number, responses: number, timeouts: number, retries: number, active: number } }
interface Io { stats: IoStats }
type Method = (this: unknown, ...args: unknown[]) => unknown
interface Proto { [name: string]: Method }

const file = process.env.P2VAULT_BENCH_DHT_STATS
const MARKS = /"event":"(ready|announced)"/
const INTERNAL = ['ping', 'pingNat', 'findNode', 'downHint', 'delayedPing']

if (file !== undefined && file !== '') install(file)

function install (out: string): void {
  const fromHere = createRequire(import.meta.url)
  const hyperdhtMain = fromHere.resolve('hyperdht')
  const fromHyperdht = createRequire(hyperdhtMain)
  const fromRpc = createRequire(fromHyperdht.resolve('dht-rpc'))
  const IO = fromRpc('./lib/io.js') as { prototype: Proto }
  const UDXSocket = createRequire(fromRpc.resolve('udx-native'))('./socket.js') as { prototype: Proto }
  const commands = fromHyperdht('./lib/constants.js').COMMANDS as Record<string, number>
  const external = Object.fromEntries(Object.entries(commands).map(([k, v]) => [v, k.toLowerCase()]))

  const totals = { requests: 0, transmissions: 0, datagrams: 0, byCommand: {} as Record<string, number> }
  const ios = new Set<Io>()
  let requestProto: Proto | null = null

  wrap(IO.prototype, 'createRequest', (orig) => function (this: unknown, ...args: unknown[]) {
    const req = orig.apply(this, args)
    if (req === null) return req
    ios.add(this as Io)
    totals.requests++
    const [internal, command] = [args[2] as boolean, args[3] as number]
    const name = internal ? (INTERNAL[command] ?? `internal-${command}`) : (external[command] ?? `command-${command}`)
    totals.byCommand[name] = (totals.byCommand[name] ?? 0) + 1
    if (requestProto === null) {
      requestProto = Object.getPrototypeOf(req) as Proto
      wrap(requestProto, '_sendNow', (send) => function (this: unknown, ...a: unknown[]) { totals.transmissions++; return send.apply(this, a) })
    }
    return req
  })
  for (const m of ['send', 'trySend']) {
    wrap(UDXSocket.prototype, m, (orig) => function (this: unknown, ...args: unknown[]) { totals.datagrams++; return orig.apply(this, args) })
  }

  const write = (mark?: string): void => {
    const library = { total: 0, responses: 0, timeouts: 0, retries: 0 }
    for (const io of ios) for (const k of Object.keys(library) as Array<keyof typeof library>) library[k] += io.stats.requests[k]
    fs.appendFileSync(out, JSON.stringify({ t: Date.now(), ...(mark === undefined ? {} : { mark }), ...totals, library, dhts: ios.size }) + '\n')
  }
  setInterval(write, 250).unref()
  process.on('exit', () => write())
  const stdoutWrite = process.stdout.write
  process.stdout.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    const mark = MARKS.exec(String(chunk))
    if (mark !== null) write(mark[1])
    return (stdoutWrite as (...a: unknown[]) => boolean).call(this, chunk, ...rest)
  } as typeof process.stdout.write
}

function wrap (proto: Proto, name: string, make: (orig: Method) => Method): void {
  const orig = proto[name]
  if (typeof orig !== 'function') throw new Error(`dht-probe: ${name} is not a method here; the dht-rpc/udx-native internals changed`)
  proto[name] = make(orig)
}
