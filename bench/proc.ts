import fs from 'node:fs'
import path from 'node:path'
import { spawn, spawnSync } from 'node:child_process'

/** One finished command: wall time of the whole process and its peak resident set. */
export interface Ran { stdout: string, stderr: string, seconds: number, rssKiB: number | null }

export interface RunOptions {
  env?: Record<string, string>
  cwd?: string
  timeoutMs: number
  /** Where /usr/bin/time writes the peak RSS; null runs the command bare. */
  rssFile?: string | null
}

export const TIME_BIN = '/usr/bin/time'
const KEEP_OUTPUT = 256 * 1024

/** Process groups still running, so a signal or a failure can end them (and only them). */
const live = new Set<number>()

/** Registers a long-running process group started elsewhere (a seeder, a peer) for killLive. */
export function track (pid: number): void { live.add(pid) }
export function untrack (pid: number): void { live.delete(pid) }

export function killLive (): void {
  for (const pid of live) {
    try { process.kill(-pid, 'SIGKILL') } catch {}
  }
  live.clear()
}

/**
 * Runs a command in its own process group (so a timeout ends /usr/bin/time and its child
 * together) and rejects with one line naming the command, the exit status and stderr's last line.
 */
export function run (cmd: string, args: string[], opts: RunOptions): Promise<Ran> {
  const rssFile = opts.rssFile ?? null
  const argv = rssFile === null ? [cmd, ...args] : [TIME_BIN, '-f', '%M', '-o', rssFile, cmd, ...args]
  const start = process.hrtime.bigint()
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true
    })
    const out = { stdout: '', stderr: '' }
    child.stdout.on('data', (d) => { out.stdout = keepTail(out.stdout + d) })
    child.stderr.on('data', (d) => { out.stderr = keepTail(out.stderr + d) })
    if (child.pid !== undefined) live.add(child.pid)
    let timedOut = false
    const timer = setTimeout(() => { timedOut = true; killGroup(child.pid) }, opts.timeoutMs)
    child.on('error', (err) => { clearTimeout(timer); reject(new Error(`${cmd}: ${err.message}`)) })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (child.pid !== undefined) live.delete(child.pid)
      const seconds = Number(process.hrtime.bigint() - start) / 1e9
      const what = describe(cmd, args)
      if (timedOut) return reject(new Error(`${what}: timed out after ${opts.timeoutMs / 1000} s`))
      if (code !== 0) return reject(new Error(`${what}: exited ${code ?? signal}: ${lastLine(out.stderr)}`))
      resolve({ ...out, seconds, rssKiB: rssFile === null ? null : readRss(rssFile) })
    })
  })
}

/** The command as a short line: the program's name and its arguments, cut at 240 characters. */
function describe (cmd: string, args: string[]): string {
  const line = [path.basename(cmd), ...args].join(' ')
  return line.length > 240 ? line.slice(0, 240) + '...' : line
}

function killGroup (pid: number | undefined): void {
  if (pid === undefined) return
  try { process.kill(-pid, 'SIGKILL') } catch {}
}

function keepTail (s: string): string {
  return s.length > KEEP_OUTPUT ? s.slice(-KEEP_OUTPUT) : s
}

function lastLine (s: string): string {
  const lines = s.split('\n').map(l => l.trim()).filter(l => l !== '')
  return lines.length === 0 ? '(no stderr)' : lines[lines.length - 1].slice(0, 300)
}

/** /usr/bin/time may put "Command exited with non-zero status" first; the figure is last. */
function readRss (file: string): number | null {
  try {
    const nums = fs.readFileSync(file, 'utf8').split('\n').map(l => l.trim()).filter(l => /^\d+$/.test(l))
    return nums.length === 0 ? null : Number(nums[nums.length - 1])
  } catch {
    return null
  }
}

/** A short synchronous command for facts and set-up; null when it cannot run or fails. */
export function quick (cmd: string, args: string[], timeoutMs = 30_000, env?: Record<string, string>): string | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  if (r.error !== undefined || r.status !== 0) return null
  return r.stdout.trim()
}

/** Flushes earlier writes so their writeback is not charged to the next timed command. */
export function sync (): void {
  spawnSync('sync', [], { timeout: 300_000, stdio: 'ignore' })
}
