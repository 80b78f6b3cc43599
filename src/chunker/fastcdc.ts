import sodium from 'sodium-native'
import { P2VaultError } from '../errors.js'

/** Chunk size bounds, fixed per vault at init. */
export interface ChunkerParams { min: number, avg: number, max: number }

export const DEFAULT_CHUNKER: ChunkerParams = { min: 16 * 1024, avg: 64 * 1024, max: 256 * 1024 }

export function checkChunkerParams (p: ChunkerParams): void {
  const pow2 = Number.isInteger(Math.log2(p.avg))
  if (!pow2 || p.avg < 1024 || p.avg > 4 * 1024 * 1024) {
    throw P2VaultError.BAD_SETTING('average chunk size must be a power of two from 1 KiB to 4 MiB')
  }
  if (!(p.min >= 64 && p.min < p.avg && p.avg < p.max)) throw P2VaultError.BAD_SETTING('chunk sizes need min < avg < max')
}

/** The gear table is keyed by the vault's chunker key, so cut points reveal nothing across vaults. */
export function gearTable (chunkerKey: Uint8Array): Int32Array {
  const bytes = Buffer.alloc(1024)
  for (let i = 0; i < 16; i++) {
    sodium.crypto_generichash(bytes.subarray(i * 64, i * 64 + 64), Buffer.from(`p2vault/v1/gear/${i}`), chunkerKey)
  }
  const gear = new Int32Array(256)
  for (let i = 0; i < 256; i++) gear[i] = bytes.readInt32LE(i * 4) // little-endian on every machine
  return gear
}

/** A mask of `bits` ones in the top of a 32-bit word: those bits mix the whole 32-byte window. */
function topMask (bits: number): number {
  return bits >= 32 ? -1 : (~((1 << (32 - bits)) - 1)) | 0
}

/**
 * FastCDC cut point search with normalized chunking (level 2): a harder mask before the
 * average size, an easier one after it. Returns the length of the first chunk in data[start, end).
 */
export function findCut (gear: Int32Array, p: ChunkerParams, data: Uint8Array, start: number, end: number): number {
  const n = end - start
  if (n <= p.min) return n
  const limit = Math.min(n, p.max)
  const normal = Math.min(p.avg, limit)
  const bits = Math.log2(p.avg)
  const maskS = topMask(bits + 2)
  const maskL = topMask(bits - 2)
  let h = 0
  let i = p.min
  for (; i < normal; i++) {
    h = ((h << 1) + gear[data[start + i]]) | 0
    if ((h & maskS) === 0) return i + 1
  }
  for (; i < limit; i++) {
    h = ((h << 1) + gear[data[start + i]]) | 0
    if ((h & maskL) === 0) return i + 1
  }
  return limit
}

/**
 * Streaming chunker: feed any number of buffers with `push`, then `end`. Each returns the
 * chunks completed so far. Memory stays below max chunk size plus one input buffer.
 */
export class Chunker {
  private pending: Buffer = Buffer.alloc(0)

  constructor (private readonly gear: Int32Array, private readonly params: ChunkerParams) {}

  push (data: Uint8Array): Buffer[] {
    this.pending = this.pending.byteLength === 0 ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.concat([this.pending, data])
    return this.drain(false)
  }

  end (): Buffer[] {
    return this.drain(true)
  }

  /** Copies the carried-over tail so the caller may hand its input buffers elsewhere. */
  detach (): void {
    this.pending = Buffer.from(this.pending)
  }

  private drain (final: boolean): Buffer[] {
    const chunks: Buffer[] = []
    const buf = this.pending
    let pos = 0
    while (buf.byteLength - pos >= this.params.max || (final && pos < buf.byteLength)) {
      const len = findCut(this.gear, this.params, buf, pos, buf.byteLength)
      chunks.push(buf.subarray(pos, pos + len))
      pos += len
    }
    this.pending = buf.subarray(pos)
    return chunks
  }
}
