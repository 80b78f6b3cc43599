import type Hypercore from 'hypercore'
import { open, blockAD, SEAL_OVERHEAD } from '../crypto/seal.js'
import { P2VaultError } from '../errors.js'

const CACHE_BLOCKS = 32

/** Fetches exactly the blocks covering a logical byte range of a data core and opens them. */
export class BlockReader {
  readonly payloadBytes: number
  /** Recently opened blocks, as promises: concurrent reads of one block open it once. */
  private readonly cache = new Map<string, Promise<Buffer>>()

  constructor (
    private readonly getCore: (key: Buffer) => Promise<Hypercore>,
    private readonly blockKey: Buffer,
    blockSize: number,
    /** How long to wait for a block from peers (ms); 0 reads only what is stored locally. */
    private readonly timeout: () => number = () => 0
  ) {
    this.payloadBytes = blockSize - SEAL_OVERHEAD
  }

  async read (coreKey: Buffer, offset: number, length: number): Promise<Buffer> {
    const core = await this.getCore(coreKey)
    const first = Math.floor(offset / this.payloadBytes)
    const last = Math.floor((offset + length - 1) / this.payloadBytes)
    const wanted: Promise<Buffer>[] = []
    for (let i = first; i <= last; i++) wanted.push(this.block(core, i))
    const blocks = await Promise.all(wanted)
    const all = blocks.length === 1 ? blocks[0] : Buffer.concat(blocks)
    const start = offset - first * this.payloadBytes
    return all.subarray(start, start + length)
  }

  private block (core: Hypercore, index: number): Promise<Buffer> {
    const cacheKey = core.key.toString('hex') + index
    const hit = this.cache.get(cacheKey)
    if (hit !== undefined) return hit
    const p = this.fetch(core, index)
    if (this.cache.size >= CACHE_BLOCKS) this.cache.delete(this.cache.keys().next().value as string)
    this.cache.set(cacheKey, p)
    p.catch(() => this.cache.delete(cacheKey))
    return p
  }

  private async fetch (core: Hypercore, index: number): Promise<Buffer> {
    const what = `data core ${core.key.toString('hex').slice(0, 8)} block ${index}`
    if (index >= core.length) throw P2VaultError.MISSING_BLOCK(`${what} (the core has ${core.length} blocks)`)
    const timeout = this.timeout()
    const sealed = await core.get(index, timeout > 0 ? { timeout } : { wait: false }).catch(unavailable)
    if (sealed === null) throw P2VaultError.MISSING_BLOCK(what)
    if (sealed.byteLength !== this.payloadBytes + SEAL_OVERHEAD) throw P2VaultError.BLOCK_AUTH_FAILED(`${what} (wrong length)`)
    return open(this.blockKey, sealed, blockAD(core.key, index), what)
  }
}

/** A block no peer delivered in time counts as missing; any other failure (storage) is raised. */
export function unavailable (err: { code?: string }): null {
  if (err.code === 'REQUEST_TIMEOUT' || err.code === 'REQUEST_CANCELLED') return null
  throw err
}
