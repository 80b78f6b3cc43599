import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { run, quick, sync, TIME_BIN, type Ran } from './proc.js'

export const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.js')
const PASSWORD = 'p2vault-bench-not-secret'

export type ToolName = 'p2vault' | 'restic' | 'borg'

/** What p2vault's `push --json` reports beyond the timing. */
export interface P2VaultPush { bytesNew: number, dataBlocks: number, blockSize: number }

export interface Timed { seconds: number, rssKiB: number | null }
export interface PushOut extends Timed { snapshot: string, p2vault?: P2VaultPush }
export interface PullOut extends Timed { restored: string }

/** What the bench needs from every tool, each against its own repository for one data set. */
export interface Tool {
  readonly name: ToolName
  /** The directory whose size is the repository (for p2vault: the whole home). */
  readonly repo: string
  init (): Promise<void>
  push (src: string): Promise<PushOut>
  /** Restores a snapshot under `dest` and says where the pushed path ended up. */
  pull (snapshot: string, src: string, dest: string): Promise<PullOut>
}

export interface ToolContext { work: string, timeoutMs: number, measureRss: boolean }

/** Runs one step of a tool: flushed writes first, then timed, with its peak RSS when possible. */
abstract class Base implements Tool {
  abstract readonly name: ToolName
  abstract readonly repo: string
  private n = 0

  constructor (protected readonly ctx: ToolContext, protected readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true })
  }

  abstract init (): Promise<void>
  abstract push (src: string): Promise<PushOut>
  abstract pull (snapshot: string, src: string, dest: string): Promise<PullOut>

  protected step (cmd: string, args: string[], env: Record<string, string>, cwd?: string): Promise<Ran> {
    sync()
    const rssFile = this.ctx.measureRss ? path.join(this.dir, `rss-${++this.n}.txt`) : null
    return run(cmd, args, { env, cwd, timeoutMs: this.ctx.timeoutMs, rssFile })
  }
}

class P2Vault extends Base {
  readonly name = 'p2vault'
  readonly repo = path.join(this.dir, 'home')
  private readonly env = { P2VAULT_NO_PUBLIC_DHT: '1' }

  private cli (args: string[]): Promise<Ran> {
    return this.step(process.execPath, [CLI, '--home', this.repo, '--json', ...args], this.env)
  }

  async init (): Promise<void> { await this.cli(['init']) }

  async push (src: string): Promise<PushOut> {
    const r = await this.cli(['push', src])
    const doc = parseJson(r.stdout, 'p2vault push') as P2VaultPush & { snapshot: string }
    for (const k of ['snapshot', 'bytesNew', 'dataBlocks', 'blockSize'] as const) {
      if (doc[k] === undefined) throw new Error(`p2vault push --json has no "${k}"`)
    }
    const { bytesNew, dataBlocks, blockSize } = doc
    return { seconds: r.seconds, rssKiB: r.rssKiB, snapshot: doc.snapshot, p2vault: { bytesNew, dataBlocks, blockSize } }
  }

  async pull (snapshot: string, src: string, dest: string): Promise<PullOut> {
    const r = await this.cli(['pull', snapshot, dest])
    // A pushed file lands as DEST/name; a pushed directory's entries land directly in DEST.
    const restored = fs.statSync(src).isDirectory() ? dest : path.join(dest, path.basename(src))
    return { seconds: r.seconds, rssKiB: r.rssKiB, restored }
  }
}

class Restic extends Base {
  readonly name = 'restic'
  readonly repo = path.join(this.dir, 'repo')
  private readonly env = { RESTIC_PASSWORD: PASSWORD, RESTIC_CACHE_DIR: path.join(this.dir, 'cache') }

  async init (): Promise<void> {
    await this.step('restic', ['-r', this.repo, 'init'], this.env)
  }

  async push (src: string): Promise<PushOut> {
    const r = await this.step('restic', ['-r', this.repo, 'backup', '--json', src], this.env)
    const summary = r.stdout.split('\n').filter(l => l.includes('"summary"')).map(l => parseJson(l, 'restic backup')).pop()
    if (summary?.snapshot_id === undefined) throw new Error('restic backup --json printed no summary with a snapshot_id')
    return { seconds: r.seconds, rssKiB: r.rssKiB, snapshot: summary.snapshot_id }
  }

  async pull (snapshot: string, src: string, dest: string): Promise<PullOut> {
    const r = await this.step('restic', ['-r', this.repo, 'restore', snapshot, '--target', dest], this.env)
    return { seconds: r.seconds, rssKiB: r.rssKiB, restored: path.join(dest, src) }
  }

  /** The repository format restic chose (2 has compression, 1 has none). */
  formatVersion (): string {
    const out = quick('restic', ['-r', this.repo, 'cat', 'config'], 60_000, this.env)
    return out === null ? '?' : String(parseJson(out, 'restic cat config').version)
  }
}

class Borg extends Base {
  readonly name = 'borg'
  readonly repo = path.join(this.dir, 'repo')
  private archives = 0
  private readonly env = {
    BORG_PASSPHRASE: PASSWORD,
    BORG_BASE_DIR: path.join(this.dir, 'base'),
    BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: 'yes',
    BORG_RELOCATED_REPO_ACCESS_IS_OK: 'yes',
    BORG_DISPLAY_PASSPHRASE: 'no'
  }

  async init (): Promise<void> {
    await this.step('borg', ['init', '--encryption=repokey-blake2', this.repo], this.env)
  }

  async push (src: string): Promise<PushOut> {
    const snapshot = `a${++this.archives}`
    const r = await this.step('borg', ['create', `${this.repo}::${snapshot}`, src], this.env)
    return { seconds: r.seconds, rssKiB: r.rssKiB, snapshot }
  }

  async pull (snapshot: string, src: string, dest: string): Promise<PullOut> {
    fs.mkdirSync(dest, { recursive: true })
    // borg extracts into the working directory, with the leading "/" of the stored path dropped.
    const r = await this.step('borg', ['extract', `${this.repo}::${snapshot}`], this.env, dest)
    return { seconds: r.seconds, rssKiB: r.rssKiB, restored: path.join(dest, src) }
  }
}

export function makeTool (name: ToolName, ctx: ToolContext, dataSet: string): Tool {
  const dir = path.join(ctx.work, `${name}-${dataSet}`)
  if (name === 'p2vault') return new P2Vault(ctx, dir)
  if (name === 'restic') return new Restic(ctx, dir)
  return new Borg(ctx, dir)
}

export function resticFormat (tool: Tool): string {
  return tool instanceof Restic ? tool.formatVersion() : '?'
}

function parseJson (text: string, what: string): any {
  try {
    return JSON.parse(text)
  } catch {
    throw new Error(`${what}: output is not JSON: ${text.slice(0, 200)}`)
  }
}

export interface Available { restic: string | null, borg: string | null, time: boolean, notes: string[] }

/** Finds restic, borg and /usr/bin/time, installing what is missing with apt-get once. */
export function ensureTools (): Available {
  const notes: string[] = []
  const missing = () => [
    ...(resticVersion() === null ? ['restic'] : []),
    ...(borgVersion() === null ? ['borgbackup'] : []),
    ...(fs.existsSync(TIME_BIN) ? [] : ['time'])
  ]
  let want = missing()
  if (want.length > 0) {
    notes.push(`missing ${want.join(', ')}: trying apt-get install`)
    if (quick('apt-get', ['install', '-y', ...want], 900_000) === null) {
      quick('apt-get', ['update'], 900_000)
      quick('apt-get', ['install', '-y', ...want], 900_000)
    }
    want = missing()
    if (want.length > 0) notes.push(`still missing after apt-get: ${want.join(', ')}`)
  }
  return { restic: resticVersion(), borg: borgVersion(), time: fs.existsSync(TIME_BIN), notes }
}

function resticVersion (): string | null {
  return quick('restic', ['version'])?.split('\n')[0] ?? null
}

function borgVersion (): string | null {
  return quick('borg', ['--version'])?.split('\n')[0] ?? null
}
