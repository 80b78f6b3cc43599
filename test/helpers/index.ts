import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { createCipheriv, createHash } from 'node:crypto'
import { fileURLToPath } from 'node:url'

/** brittle's test handle, as far as the helpers use it. */
export interface Teardown { teardown (fn: () => unknown): void }

export const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'cli', 'main.js')

/** A temporary directory removed when the test ends. */
export function tmpdir (t: Teardown, prefix = 'p2vault-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Deterministic pseudo-random bytes (AES-256-CTR keyed by the seed): incompressible, repeatable. */
export function seededBytes (seed: string, length: number, offset = 0): Buffer {
  const key = createHash('sha256').update(seed).digest()
  const iv = Buffer.alloc(16)
  iv.writeBigUInt64BE(BigInt(Math.floor(offset / 16)), 8)
  const skip = offset % 16
  const out = createCipheriv('aes-256-ctr', key, iv).update(Buffer.alloc(length + skip))
  return out.subarray(skip)
}

/** Writes `size` seeded bytes to a file in slices of 16 MiB (no giant buffers). */
export function writeSeededFile (file: string, seed: string, size: number): void {
  const fd = fs.openSync(file, 'w')
  try {
    for (let pos = 0; pos < size; pos += 16 * 1024 * 1024) {
      const n = Math.min(16 * 1024 * 1024, size - pos)
      fs.writeSync(fd, seededBytes(seed, n, pos), 0, n, pos)
    }
  } finally {
    fs.closeSync(fd)
  }
}

export interface CliResult { code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string }

export interface CliOptions { env?: Record<string, string>, input?: string, onSpawn?: (pid: number) => void }

/** Runs the real CLI in a child process. */
export function cli (home: string, args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--home', home, ...args], {
      env: { ...process.env, P2VAULT_NO_PUBLIC_DHT: '1', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => { stdout += d })
    child.stderr.on('data', (d) => { stderr += d })
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
    if (opts.onSpawn !== undefined && child.pid !== undefined) opts.onSpawn(child.pid)
    child.stdin.end(opts.input ?? '')
  })
}

/** Runs the CLI with --json and parses stdout; fails loudly with stderr when it exits non-zero. */
export async function cliJson<T = any> (home: string, args: string[], opts: CliOptions = {}): Promise<T> {
  const r = await cli(home, ['--json', ...args], opts)
  if (r.code !== 0) throw new Error(`p2vault ${args.join(' ')} exited ${r.code}: ${r.stderr}`)
  return JSON.parse(r.stdout) as T
}

/** Every file below a directory, recursively (for byte searches of storage). */
export function allFiles (dir: string): string[] {
  const out: string[] = []
  let entries: fs.Dirent[]
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return out // removed while we looked
    throw err
  }
  for (const e of entries) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) out.push(...allFiles(p))
    else if (e.isFile()) out.push(p)
  }
  return out
}
