import fs from 'node:fs'
import readline from 'node:readline'
import { spawn, type ChildProcess } from 'node:child_process'
import { track, untrack } from './proc.js'

/** What /proc/PID/status says of a live process: resident set now and its peak (KiB). */
export interface Memory { rssKiB: number, hwmKiB: number }

const MAX_LINES = 100_000

/**
 * A long-running child (a seeder, a peer of the network bench) in its own process group, its
 * stdout kept as lines with the time each arrived. `stop` ends it gently, then the whole group.
 */
export class Child {
  readonly lines: Array<{ at: number, text: string }> = []
  readonly startedAt = Date.now()
  stderr = ''
  private readonly proc: ChildProcess
  private readonly exited: Promise<void>
  private readonly waiters = new Set<() => void>()

  constructor (readonly name: string, argv: string[], env: Record<string, string> = {}) {
    this.proc = spawn(argv[0], argv.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    if (this.proc.pid !== undefined) track(this.proc.pid)
    this.proc.on('error', (err) => { this.stderr += `spawn failed: ${err.message}\n` })
    readline.createInterface({ input: this.proc.stdout! }).on('line', (text) => {
      if (this.lines.length < MAX_LINES) this.lines.push({ at: Date.now(), text })
      this.wakeAll()
    })
    this.proc.stderr!.on('data', (d) => { this.stderr = (this.stderr + d).slice(-64 * 1024) })
    this.exited = new Promise(resolve => this.proc.once('close', () => {
      if (this.proc.pid !== undefined) untrack(this.proc.pid)
      this.wakeAll()
      resolve()
    }))
  }

  get pid (): number | undefined { return this.proc.pid }
  get running (): boolean { return this.proc.exitCode === null && this.proc.signalCode === null }

  private wakeAll (): void { for (const w of [...this.waiters]) w() }

  /** The first line matching, waiting up to `ms`; rejects early if the process ends first. */
  waitFor (match: (text: string) => boolean, ms: number, what: string): Promise<{ at: number, text: string }> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const hit = this.lines.find(l => match(l.text))
        if (hit !== undefined) return done(() => resolve(hit))
        if (!this.running) done(() => reject(new Error(`${this.name} exited (${this.proc.exitCode ?? this.proc.signalCode}) before ${what}: ${lastLine(this.stderr)}`)))
      }
      const done = (fn: () => void): void => { clearTimeout(timer); this.waiters.delete(check); fn() }
      const timer = setTimeout(() => done(() => reject(new Error(`${this.name}: no ${what} within ${ms / 1000} s: ${lastLine(this.stderr)}`))), ms)
      this.waiters.add(check)
      check()
    })
  }

  /** The first JSON line whose "event" is `event`, parsed. */
  async event (event: string, ms: number): Promise<Record<string, any> & { at: number }> {
    const hit = await this.waitFor(t => t.includes(`"event":"${event}"`), ms, `"${event}" event`)
    return { ...JSON.parse(hit.text), at: hit.at }
  }

  /** JSON lines with this "event", parsed, with the time each was read. */
  events (event: string): Array<Record<string, any> & { at: number }> {
    return this.lines.filter(l => l.text.includes(`"event":"${event}"`)).map(l => ({ ...JSON.parse(l.text), at: l.at }))
  }

  /** Resolves when the process has ended by itself, or rejects after `ms`. */
  async ended (ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error(`${this.name} did not exit within ${ms / 1000} s`)), ms) })
    try {
      await Promise.race([this.exited, late])
    } finally {
      clearTimeout(timer)
    }
  }

  memory (): Memory | null {
    if (this.proc.pid === undefined || !this.running) return null
    try {
      const status = fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8')
      const kib = (k: string): number => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
      return { rssKiB: kib('VmRSS'), hwmKiB: kib('VmHWM') }
    } catch {
      return null
    }
  }

  /** SIGTERM, up to `graceMs` to exit cleanly, then SIGKILL to the whole process group. */
  async stop (graceMs = 15_000): Promise<void> {
    const pid = this.proc.pid
    if (pid === undefined) return
    if (this.running) {
      try { process.kill(pid, 'SIGTERM') } catch {}
      await this.ended(graceMs).catch(() => {})
    }
    try { process.kill(-pid, 'SIGKILL') } catch {}
    await this.ended(5_000).catch(() => {})
    untrack(pid)
  }
}

function lastLine (s: string): string {
  const lines = s.split('\n').map(l => l.trim()).filter(l => l !== '')
  return lines.length === 0 ? '(no stderr)' : lines[lines.length - 1].slice(0, 300)
}
