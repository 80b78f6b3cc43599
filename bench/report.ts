import { bytes } from '../cli/output.js'
import type { Delta, ToolResult } from './phases.js'
import type { ToolName } from './tools.js'

export interface DataSetResult { name: string, description: string, bytes: number, files: number, tools: ToolResult[] }

export const TARGETS = { editsBytes: 2 * 1024 * 1024, insertBytes: 1024 * 1024 }

/** Columns padded to their widest cell; every column but the first is right-aligned. */
export function table (header: string[], rows: string[][]): string {
  const all = [header, ...rows]
  const widths = header.map((_, i) => Math.max(...all.map(r => (r[i] ?? '').length)))
  const line = (r: string[]) => r.map((c, i) => i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])).join('  ').trimEnd()
  return [line(header), widths.map(w => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

const na = 'n/a'
const fix = (n: number | undefined, d = 1) => n === undefined ? na : n.toFixed(d)
const rss = (kib: number | null | undefined) => kib === null || kib === undefined ? na : `${(kib / 1024).toFixed(0)} MiB`
const size = (n: number | undefined) => n === undefined ? na : bytes(n)

export function dataSetTable (ds: DataSetResult): string {
  const rows = ds.tools.map(t => [
    t.tool, fix(t.push?.seconds, 2), fix(t.push?.mibPerSec), rss(t.push?.rssKiB),
    fix(t.pull?.seconds, 2), fix(t.pull?.mibPerSec), rss(t.pull?.rssKiB),
    size(t.repoBytes), t.restoreVerified === true ? 'identical' : (t.error === undefined ? na : 'FAILED')
  ])
  const head = table(['tool', 'push s', 'push MiB/s', 'push RSS', 'pull s', 'pull MiB/s', 'pull RSS', 'repo size', 'restore'], rows)
  const d = ds.tools.find(t => t.pushDetail !== undefined)?.pushDetail
  if (d === undefined) return head
  return head + `\np2vault first push: ${d.dataBlocks} blocks x ${bytes(d.blockSize)} = ${bytes(d.dataBlocks * d.blockSize)} (block count Padmé-padded), bytesNew ${bytes(d.bytesNew)}`
}

function deltaCell (d: Delta | undefined): string[] {
  if (d === undefined) return [na, na, na]
  const detail = d.p2vault === undefined
    ? 'repo growth'
    : `${d.p2vault.dataBlocks} x ${bytes(d.p2vault.blockSize)} blocks; bytesNew ${bytes(d.p2vault.bytesNew)}; home +${bytes(d.repoGrowth)}`
  return [`${bytes(d.newBytes)} (${d.newBytes} B)`, d.pushSeconds.toFixed(2), detail]
}

export function deltaTable (ds: DataSetResult): string {
  const rows = ds.tools.flatMap(t => [
    [t.tool, '10 x 4 KiB edits', ...deltaCell(t.edits)],
    ['', '100 B insert @1000', ...deltaCell(t.insert)]
  ])
  return table(['tool', 'change', 'new bytes', 'push s', 'how counted'], rows)
}

type Pick = (t: ToolResult) => number | null | undefined

/** One metric of one data set: p2vault's figure, the others', and p2vault's divided by each. */
interface RatioRow { metric: string, values: Array<number | null>, ratios: Array<number | null>, show: (n: number) => string }

function ratioRows (ds: DataSetResult, others: ToolName[]): RatioRow[] {
  const metrics: Array<[string, Pick, (n: number) => string]> = [
    ['push MiB/s', t => t.push?.mibPerSec, n => n.toFixed(1)],
    ['pull MiB/s', t => t.pull?.mibPerSec, n => n.toFixed(1)],
    ['push peak RSS', t => t.push?.rssKiB, n => rss(n)],
    ['pull peak RSS', t => t.pull?.rssKiB, n => rss(n)]
  ]
  if (ds.tools.some(t => t.edits !== undefined)) {
    metrics.push(['edits new bytes', t => t.edits?.newBytes, n => bytes(n)], ['insert new bytes', t => t.insert?.newBytes, n => bytes(n)])
  }
  const value = (name: ToolName, pick: Pick) => {
    const t = ds.tools.find(t => t.tool === name)
    const v = t === undefined ? undefined : pick(t)
    return v === undefined || v === null ? null : v
  }
  return metrics.map(([label, pick, show]) => {
    const mine = value('p2vault', pick)
    const ratios = others.map(n => { const o = value(n, pick); return mine === null || o === null || o === 0 ? null : mine / o })
    return { metric: `${ds.name} ${label}`, values: (['p2vault', ...others] as ToolName[]).map(n => value(n, pick)), ratios, show }
  })
}

export function ratioTable (sets: DataSetResult[], others: ToolName[]): string {
  const header = ['metric', 'p2vault', ...others, ...others.map(o => `p2vault/${o}`)]
  const rows = sets.flatMap(ds => ratioRows(ds, others)).map(r =>
    [r.metric, ...r.values.map(v => v === null ? na : r.show(v)), ...r.ratios.map(v => v === null ? na : v.toFixed(2))])
  return table(header, rows)
}

/** The ratios as numbers, for the JSON line. */
export function ratios (sets: DataSetResult[], others: ToolName[]): Record<string, Record<string, number | null>> {
  const out: Record<string, Record<string, number | null>> = {}
  for (const row of sets.flatMap(ds => ratioRows(ds, others))) {
    out[row.metric] = Object.fromEntries(others.map((o, i) => [o, row.ratios[i] === null ? null : Number(row.ratios[i]!.toFixed(4))]))
  }
  return out
}

export interface TargetCheck { name: string, limit: number, got: number | null, ok: boolean }

export function targets (big: DataSetResult | undefined): TargetCheck[] {
  const p = big?.tools.find(t => t.tool === 'p2vault')
  const check = (name: string, limit: number, got: number | undefined): TargetCheck =>
    ({ name, limit, got: got ?? null, ok: got !== undefined && got <= limit })
  return [
    check('ten 4 KiB edits', TARGETS.editsBytes, p?.edits?.newBytes),
    check('100 B insert', TARGETS.insertBytes, p?.insert?.newBytes)
  ]
}

export function targetLines (checks: TargetCheck[]): string {
  return checks.map(c => `  p2vault ${c.name}: new ${c.got === null ? na : bytes(c.got)} <= ${bytes(c.limit)}: ${c.got === null ? 'NOT MEASURED' : c.ok ? 'PASS' : 'FAIL'}`).join('\n')
}
