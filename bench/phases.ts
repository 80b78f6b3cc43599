import fs from 'node:fs'
import path from 'node:path'
import { dirBytes, hashFile, hashTree } from './data.js'
import type { P2VaultPush, Timed, Tool, ToolName } from './tools.js'

const MiB = 1024 * 1024

export interface Rate extends Timed { mibPerSec: number }

/** New bytes one push stored: for p2vault its data blocks, for the others the repository growth. */
export interface Delta {
  newBytes: number
  repoGrowth: number
  pushSeconds: number
  p2vault?: P2VaultPush
  restoreVerified: boolean
}

export interface ToolResult {
  tool: ToolName
  push?: Rate
  /** p2vault's own account of its first push (its block count is Padmé-padded by design). */
  pushDetail?: P2VaultPush
  pull?: Rate
  repoBytes?: number
  restoreVerified?: boolean
  edits?: Delta
  insert?: Delta
  error?: string
}

/** One data set as it is on disk now, and what its restore must hash to. */
export interface Source { path: string, bytes: number, isDir: boolean, hash: string }

export function sourceOf (p: string, bytes: number): Source {
  const isDir = fs.statSync(p).isDirectory()
  return { path: p, bytes, isDir, hash: isDir ? hashTree(p) : hashFile(p) }
}

/** Runs a step for a tool that has not failed yet; a failure is kept as that tool's one-line error. */
export async function guarded (r: ToolResult, log: (s: string) => void, fn: () => Promise<void>): Promise<void> {
  if (r.error !== undefined) return
  try {
    await fn()
  } catch (err) {
    r.error = (err as Error).message.split('\n')[0]
    log(`  ${r.tool}: FAILED: ${r.error}`)
  }
}

/** init, first push and a restore of it, each timed, and the restore checked byte for byte. */
export async function initial (tool: Tool, r: ToolResult, src: Source, scratch: string, log: (s: string) => void): Promise<string> {
  await tool.init()
  const pushed = await tool.push(src.path)
  r.push = rate(pushed, src.bytes)
  r.pushDetail = pushed.p2vault
  r.repoBytes = dirBytes(tool.repo)
  log(`  ${tool.name}: push ${pushed.seconds.toFixed(2)} s, ${r.push.mibPerSec.toFixed(1)} MiB/s`)
  const pulled = await restoreAndCheck(tool, pushed.snapshot, src, scratch)
  r.pull = rate(pulled, src.bytes)
  r.restoreVerified = true
  log(`  ${tool.name}: pull ${pulled.seconds.toFixed(2)} s, ${r.pull.mibPerSec.toFixed(1)} MiB/s, restore identical`)
  return pushed.snapshot
}

/** Pushes the changed source again and measures what that stored; its restore is checked too. */
export async function delta (tool: Tool, src: Source, scratch: string): Promise<Delta> {
  const before = dirBytes(tool.repo)
  const pushed = await tool.push(src.path)
  const repoGrowth = dirBytes(tool.repo) - before
  const p = pushed.p2vault
  await restoreAndCheck(tool, pushed.snapshot, src, scratch)
  return {
    newBytes: p === undefined ? repoGrowth : p.dataBlocks * p.blockSize,
    repoGrowth,
    pushSeconds: pushed.seconds,
    p2vault: p,
    restoreVerified: true
  }
}

async function restoreAndCheck (tool: Tool, snapshot: string, src: Source, scratch: string): Promise<Timed> {
  const dest = path.join(scratch, `restore-${tool.name}`)
  fs.rmSync(dest, { recursive: true, force: true })
  try {
    const pulled = await tool.pull(snapshot, src.path, dest)
    if (!fs.existsSync(pulled.restored)) throw new Error(`${tool.name}: restore has no ${pulled.restored}`)
    const got = src.isDir ? hashTree(pulled.restored) : hashFile(pulled.restored)
    if (got !== src.hash) throw new Error(`${tool.name}: restore of ${snapshot.slice(0, 12)} differs from the source (sha256 ${got.slice(0, 16)} != ${src.hash.slice(0, 16)})`)
    return pulled
  } finally {
    fs.rmSync(dest, { recursive: true, force: true })
  }
}

function rate (t: Timed, bytes: number): Rate {
  return { seconds: t.seconds, rssKiB: t.rssKiB, mibPerSec: bytes / MiB / t.seconds }
}
