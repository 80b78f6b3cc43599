import type { Content } from '../format/tree.js'
import { decodeListNode } from '../format/tree.js'
import { isP2VaultError } from '../errors.js'
import { readTree } from './trees.js'
import type { Vault, Snapshot } from './vault.js'

export interface VerifyResult { ok: boolean, snapshots: number, trees: number, chunks: number, errors: string[] }

/**
 * Checks that every snapshot's trees and chunk lists resolve and authenticate; with
 * `readData`, also fetches, decrypts and re-hashes every data chunk they refer to.
 * Objects shared between snapshots are checked once.
 */
export async function verify (vault: Vault, opts: { readData?: boolean } = {}): Promise<VerifyResult> {
  const result: VerifyResult = { ok: true, snapshots: 0, trees: 0, chunks: 0, errors: [] }
  let snaps: Snapshot[] = []
  try {
    snaps = await vault.snapshots()
  } catch (err) {
    fail(result, 'meta core', err)
  }
  const seen = new Set<string>()
  for (const s of snaps) {
    result.snapshots++
    await checkTree(vault, s.root, `snapshot ${s.id.slice(0, 8)}:/`, seen, result, opts.readData === true)
  }
  return result
}

function fail (result: VerifyResult, where: string, err: unknown): void {
  if (!isP2VaultError(err)) throw err
  result.ok = false
  result.errors.push(`${where}: ${err.message}`)
}

async function checkTree (vault: Vault, tree: Content, where: string, seen: Set<string>, result: VerifyResult, readData: boolean): Promise<void> {
  const key = treeKey(tree)
  if (seen.has(key)) return
  seen.add(key)
  try {
    const entries = await readTree(vault, tree)
    result.trees++
    for (const e of entries) {
      if (e.type === 'dir') await checkTree(vault, e.content!, `${where}${e.name}/`, seen, result, readData)
      else if (e.type === 'file') await checkContent(vault, e.content!, `${where}${e.name}`, seen, result, readData)
    }
  } catch (err) {
    fail(result, where, err)
  }
}

function treeKey (c: Content): string {
  return 't' + c.refs.map(r => r.id.toString('hex')).join('')
}

async function checkContent (vault: Vault, content: Content, where: string, seen: Set<string>, result: VerifyResult, readData: boolean): Promise<void> {
  try {
    await checkRefs(vault, content.refs, content.depth, seen, result, readData)
  } catch (err) {
    fail(result, where, err)
  }
}

async function checkRefs (vault: Vault, refs: Content['refs'], depth: number, seen: Set<string>, result: VerifyResult, readData: boolean): Promise<void> {
  for (const ref of refs) {
    const hex = ref.id.toString('hex')
    if (seen.has(hex)) continue
    if (depth > 0) {
      const node = decodeListNode(await vault.chunks.get(ref, 'chunk list node'))
      await checkRefs(vault, node.refs, node.depth, seen, result, readData)
    } else if (readData) {
      await vault.chunks.get(ref, 'data chunk')
      result.chunks++
    }
    seen.add(hex)
  }
}
