/**
 * p2vault against restic and borg, in one run: push and pull speed, peak RSS and the bytes a
 * small edit costs, on a seeded incompressible file and a corpus of real text files.
 * Run with `npm run bench`. Settings (environment):
 *   P2VAULT_BENCH_MB          size of the seeded file in MiB (default 1024)
 *   P2VAULT_BENCH_CORPUS_MB   cap of the text corpus in MiB (default 200)
 *   P2VAULT_BENCH_CORPUS_SRC  where the corpus is copied from (default this repo's node_modules)
 *   P2VAULT_BENCH_TIMEOUT_S   limit for each external command (default 120 s + 600 s per GiB)
 *   P2VAULT_BENCH_VAULTS      vaults served by one seeder in the network part (default 1000)
 *   P2VAULT_BENCH_ONLY        "net" runs only the network part, "local" only the rest (default both)
 * The network part runs last, on a local DHT bound to 127.0.0.1 (see bench/net.ts).
 * The report goes to stdout and ends with one JSON line; progress goes to stderr.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { bytes } from '../cli/output.js'
import { BIG_SEED, INSERT_BYTES, applyEdits, copyCorpus, editOffsets, writeSeededFile, writeWithInsert } from './data.js'
import { type Source, type ToolResult, delta, guarded, initial, sourceOf } from './phases.js'
import { TIME_BIN, killLive, quick } from './proc.js'
import { type DataSetResult, dataSetTable, deltaTable, ratioTable, ratios, targetLines, targets } from './report.js'
import { type Tool, type ToolContext, type ToolName, ensureTools, makeTool, resticFormat } from './tools.js'
import { type NetResult, netSection } from './net.js'
import { netLines, netRatios } from './net-report.js'

const MiB = 1024 * 1024
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

type Part = 'local' | 'net'
interface Config { bigMiB: number, corpusCapMiB: number, corpusSrc: string, timeoutMs: number, vaults: number, parts: Part[] }

function config (): Config {
  const num = (name: string, dflt: number): number => {
    const v = process.env[name]
    if (v === undefined || v === '') return dflt
    if (!/^\d+$/.test(v) || Number(v) <= 0) throw new Error(`${name} must be a positive whole number, not "${v}"`)
    return Number(v)
  }
  const bigMiB = num('P2VAULT_BENCH_MB', 1024)
  const corpusCapMiB = num('P2VAULT_BENCH_CORPUS_MB', 200)
  // Per command: generous for a slow disk, yet a hung tool cannot stall the run forever.
  const timeoutS = num('P2VAULT_BENCH_TIMEOUT_S', Math.ceil(120 + 600 * Math.max(bigMiB, corpusCapMiB) / 1024))
  const only = process.env.P2VAULT_BENCH_ONLY ?? ''
  if (only !== '' && only !== 'net' && only !== 'local') throw new Error(`P2VAULT_BENCH_ONLY must be "net" or "local", not "${only}"`)
  const parts: Part[] = only === '' ? ['local', 'net'] : [only]
  return { bigMiB, corpusCapMiB, corpusSrc: process.env.P2VAULT_BENCH_CORPUS_SRC ?? path.join(ROOT, 'node_modules'), timeoutMs: timeoutS * 1000, vaults: num('P2VAULT_BENCH_VAULTS', 1000), parts }
}

const log = (s: string): void => { process.stderr.write(s + '\n') }

type Facts = Record<string, string | number | null>

function machineFacts (work: string, avail: { restic: string | null, borg: string | null }): Facts {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
  const commit = quick('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'])
  const dirty = quick('git', ['-C', ROOT, 'status', '--porcelain', '--', 'src', 'cli'])
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? null,
    memGiB: Math.round(os.totalmem() / 1024 ** 3),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    p2vault: `${pkg.version} (${commit ?? 'no git'}${dirty !== null && dirty !== '' ? ', uncommitted changes in src/ or cli/' : ''})`,
    restic: avail.restic,
    borg: avail.borg,
    tmpdir: `${os.tmpdir()} (${quick('stat', ['-f', '-c', '%T', work]) ?? '?'})`,
    loadAtStart: os.loadavg()[0].toFixed(2)
  }
}

function newSet (name: string, description: string, src: Source, files: number, names: ToolName[]): DataSetResult {
  return { name, description, bytes: src.bytes, files, tools: names.map(tool => ({ tool }) as ToolResult) }
}

/** Runs one phase for every tool in turn, all on the same state of the source. */
async function eachTool (set: DataSetResult, tools: Tool[], fn: (t: Tool, r: ToolResult) => Promise<void>): Promise<void> {
  for (let i = 0; i < tools.length; i++) await guarded(set.tools[i], log, () => fn(tools[i], set.tools[i]))
}

/** The big file: first push and pull, then ten in-place edits, then a 100-byte insert. */
async function bigSet (cfg: Config, names: ToolName[], ctx: ToolContext, facts: Facts): Promise<DataSetResult> {
  const dir = path.join(ctx.work, 'data-big')
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, 'big.bin')
  const size = cfg.bigMiB * MiB
  log(`big: writing ${bytes(size)} of seeded bytes`)
  writeSeededFile(file, BIG_SEED, size)
  let src = sourceOf(file, size)
  const set = newSet('big', `${bytes(size)} incompressible seeded file`, src, 1, names)
  const tools = names.map(n => makeTool(n, ctx, 'big'))
  const scratch = path.join(ctx.work, 'scratch')
  await eachTool(set, tools, (t, r) => initial(t, r, src, scratch, log).then(() => {}))
  const restic = tools.find(t => t.name === 'restic')
  if (restic !== undefined) facts.resticRepoFormat = resticFormat(restic)

  log('big: ten 4 KiB edits in place, push again')
  applyEdits(file, editOffsets(size))
  src = sourceOf(file, size)
  await eachTool(set, tools, async (t, r) => { r.edits = await delta(t, src, scratch); log(`  ${t.name}: edits stored ${bytes(r.edits.newBytes)}`) })

  log('big: the original with 100 bytes inserted at offset 1000, push again')
  writeWithInsert(file, BIG_SEED, size)
  src = sourceOf(file, size + INSERT_BYTES)
  await eachTool(set, tools, async (t, r) => { r.insert = await delta(t, src, scratch); log(`  ${t.name}: insert stored ${bytes(r.insert.newBytes)}`) })
  for (const t of tools) fs.rmSync(path.dirname(t.repo), { recursive: true, force: true })
  fs.rmSync(dir, { recursive: true, force: true })
  return set
}

async function corpusSet (cfg: Config, names: ToolName[], ctx: ToolContext): Promise<DataSetResult> {
  const dir = path.join(ctx.work, 'data-corpus', 'corpus')
  const got = copyCorpus(cfg.corpusSrc, dir, cfg.corpusCapMiB * MiB)
  if (got.files === 0) throw new Error(`no .js/.ts/.md/.json files under ${cfg.corpusSrc}`)
  log(`corpus: copied ${got.files} text files, ${bytes(got.bytes)} from ${cfg.corpusSrc}`)
  const src = sourceOf(dir, got.bytes)
  const set = newSet('corpus', `${got.files} text files (.js .ts .md .json), ${bytes(got.bytes)}, from ${cfg.corpusSrc}`, src, got.files, names)
  const tools = names.map(n => makeTool(n, ctx, 'corpus'))
  await eachTool(set, tools, (t, r) => initial(t, r, src, path.join(ctx.work, 'scratch'), log).then(() => {}))
  return set
}

const NOTES = [
  'MiB = 2^20 bytes; every figure is one run, so expect a few per cent of noise.',
  'Page cache is not dropped (not controllable here): the sources are read from RAM after being generated, restores land in the page cache; `sync` runs before each timed command so earlier writeback is not charged to it.',
  'Other processes on the machine are not stopped: loadAtStart/loadAtEnd (1-minute load average) show how busy it was.',
  'Times are wall clock of the whole process (start-up included); peak RSS is /usr/bin/time %M of that process.',
  'Each tool runs with its defaults and encryption on: p2vault brotli-1 (skipped for incompressible chunks), restic zstd auto (repo v2), borg repokey-blake2 with lz4.',
  'Repo size is the repository directory (p2vault: the whole home) after the first push; p2vault pads the block count of each push to Padmé (up to ~12%) on purpose.',
  'New bytes: p2vault = data blocks x block size from push --json; restic and borg = growth of the repository directory (sum of file sizes, includes their index and metadata).',
  'Every restore, including those of the edited and inserted versions, is checked against a SHA-256 of the source.'
]

function printReport (sets: DataSetResult[], others: ToolName[], facts: Facts, skipped: string[], net: NetResult | null): ReturnType<typeof targets> {
  const out: string[] = ['', '=== p2vault benchmark ===', '']
  out.push(...Object.entries(facts).map(([k, v]) => `${k.padEnd(17)} ${v ?? 'n/a'}`), ...skipped.map(s => `SKIPPED: ${s}`))
  for (const s of sets) {
    out.push('', `data set "${s.name}": ${s.description}`, dataSetTable(s))
    if (s.tools.some(t => t.edits !== undefined || t.insert !== undefined)) out.push('', `edit deltas on "${s.name}": new bytes stored by the second and third push`, deltaTable(s))
  }
  const checks = targets(sets.find(s => s.name === 'big'))
  if (sets.length > 0) {
    out.push('', 'ratios, p2vault / other (MiB/s: above 1 = p2vault faster; RSS and bytes: above 1 = p2vault uses more)', ratioTable(sets, others))
    out.push('', 'targets', ...targetLines(checks).split('\n'), '', 'notes', ...NOTES.map(n => `  - ${n}`))
  }
  if (net !== null) out.push(...netLines(net))
  process.stdout.write(out.join('\n') + '\n\n')
  return checks
}

async function bench (cfg: Config, work: string): Promise<string | null> {
  const local = cfg.parts.includes('local')
  // restic and borg (and apt-get) only when the part that compares against them runs.
  const avail = local ? ensureTools() : { restic: null, borg: null, time: fs.existsSync(TIME_BIN), notes: [] }
  avail.notes.forEach(log)
  const names: ToolName[] = ['p2vault', ...(avail.restic !== null ? ['restic' as const] : []), ...(avail.borg !== null ? ['borg' as const] : [])]
  const skipped = [...(local && avail.restic === null ? ['restic: not installed and apt-get could not install it'] : []),
    ...(local && avail.borg === null ? ['borg: not installed and apt-get could not install it'] : []),
    ...(avail.time ? [] : ['peak RSS: /usr/bin/time missing and apt-get could not install it'])]
  skipped.forEach(s => log(`SKIPPED: ${s}`))
  const ctx: ToolContext = { work, timeoutMs: cfg.timeoutMs, measureRss: avail.time }
  const facts = machineFacts(work, avail)
  if (!local) { delete facts.restic; delete facts.borg }
  const sets = local ? [await bigSet(cfg, names, ctx, facts), await corpusSet(cfg, names, ctx)] : []
  const net = cfg.parts.includes('net') ? await netSection({ bigMiB: cfg.bigMiB, vaults: cfg.vaults, timeoutMs: cfg.timeoutMs, work, log }) : null
  const others = names.filter(n => n !== 'p2vault')
  facts.loadAtEnd = os.loadavg()[0].toFixed(2)
  const checks = printReport(sets, others, facts, skipped, net)
  const failures = [...sets.flatMap(s => s.tools.filter(t => t.error !== undefined).map(t => `${t.tool} on ${s.name}: ${t.error}`)), ...(net?.errors ?? []).map(e => `network: ${e}`)]
  process.stdout.write(JSON.stringify({
    bench: 'p2vault', version: 1, ok: failures.length === 0,
    config: { bigMiB: cfg.bigMiB, corpusCapMiB: cfg.corpusCapMiB, timeoutS: cfg.timeoutMs / 1000, vaults: cfg.vaults, parts: cfg.parts },
    machine: facts, skipped, dataSets: sets, ratios: ratios(sets, others), targets: local ? checks : [],
    network: net, networkRatios: net === null ? null : netRatios(net), failures
  }) + '\n')
  return failures.length === 0 ? null : `${failures.length} step(s) failed; first: ${failures[0]}`
}

async function main (): Promise<number> {
  const cfg = config()
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'p2vault-bench-'))
  const onSignal = (sig: NodeJS.Signals): void => {
    killLive()
    fs.rmSync(work, { recursive: true, force: true })
    process.stderr.write(`bench failed: interrupted by ${sig}\n`)
    process.exit(130)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    const failure = await bench(cfg, work)
    if (failure !== null) process.stderr.write(`bench failed: ${failure}\n`)
    return failure === null ? 0 : 1
  } finally {
    killLive()
    fs.rmSync(work, { recursive: true, force: true })
  }
}

try {
  process.exitCode = await main()
} catch (err) {
  process.stderr.write(`bench failed: ${(err as Error).message.split('\n')[0]}\n`)
  process.exitCode = 1
}
