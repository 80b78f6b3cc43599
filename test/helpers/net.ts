import { spawn, type ChildProcess } from 'node:child_process'
import readline from 'node:readline'
import createTestnet from 'hyperdht/testnet.js'
import { CLI, type Teardown } from './index.js'

/** A local DHT on 127.0.0.1, torn down with the test; returns the --bootstrap value. */
export async function testnet (t: Teardown): Promise<string> {
  const net = await createTestnet(3, { host: '127.0.0.1' })
  t.teardown(() => net.destroy())
  return net.bootstrap.map(n => `${n.host}:${n.port}`).join(',')
}

export interface SeederProcess { key: string, child: ChildProcess, lines: string[], stop (signal?: NodeJS.Signals): Promise<void>, waitFor (pattern: RegExp, ms?: number): Promise<string> }

/** A real `p2vault seeder` process; resolves once it printed its key and is ready. */
export async function startSeeder (t: Teardown, storage: string, bootstrap: string, args: string[] = []): Promise<SeederProcess> {
  const child = spawn(process.execPath, [CLI, 'seeder', '--storage', storage, '--bootstrap', bootstrap, ...args], {
    env: { ...process.env, P2VAULT_NO_PUBLIC_DHT: '1' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const lines: string[] = []
  const waiters = new Set<() => void>()
  readline.createInterface({ input: child.stdout! }).on('line', (line) => { lines.push(line); for (const w of waiters) w() })
  let stderr = ''
  child.stderr!.on('data', (d) => { stderr += d })
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    await exited
  }
  t.teardown(() => stop('SIGKILL'))
  const waitFor = (pattern: RegExp, ms = 30000): Promise<string> => new Promise((resolve, reject) => {
    const check = (): boolean => {
      const hit = lines.find(l => pattern.test(l))
      if (hit === undefined) return false
      waiters.delete(check as () => void)
      clearTimeout(timer)
      resolve(hit)
      return true
    }
    const timer = setTimeout(() => { waiters.delete(check as () => void); reject(new Error(`seeder did not log ${pattern} within ${ms} ms; stderr: ${stderr}; stdout: ${lines.join('\n')}`)) }, ms)
    if (!check()) waiters.add(check as () => void)
  })
  const first = await waitFor(/^seeder /)
  await waitFor(/"event":"ready"/)
  // Clients look the topic up once: let the seeder's announce land first.
  const limit = args.indexOf('--announce-limit')
  if (args.includes('--vault') && (limit === -1 || args[limit + 1] !== '0')) await waitFor(/"event":"announced"/)
  return { key: first.slice('seeder '.length), child, lines, stop, waitFor }
}
