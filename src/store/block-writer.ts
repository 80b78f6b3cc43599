import type Hypercore from 'hypercore'
import { seal, blockAD, SEAL_OVERHEAD } from '../crypto/seal.js'
import { padme } from './padme.js'

/** Blocks handed to one `append` call: 32 measured best here (16: 8.0 s, 32: 7.2 s, 64: 7.5 s per GiB). */
const APPEND_BATCH = 32
/** Appends in flight while the next blocks are sealed: keeps storage busy and memory bounded. */
const APPENDS_IN_FLIGHT = 4

/**
 * Frames records into a data core's logical stream: payloads of (blockSize - 40) bytes,
 * each sealed into one fixed-size block. A writer starts at a block boundary (the core's
 * length) and `finish` pads the last block and the block count, so every push is whole blocks.
 */
export class BlockWriter {
  readonly payloadBytes: number
  readonly startLength: number
  private nextIndex: number
  private current: Buffer
  private fill = 0
  private sealed: Buffer[] = []
  private inFlight: Promise<void>[] = []

  /** Called after each append with the core's new length (all blocks below it are stored). */
  onAppend: (length: number) => Promise<void> = async () => {}

  constructor (private readonly core: Hypercore, private readonly blockKey: Buffer, blockSize: number) {
    this.payloadBytes = blockSize - SEAL_OVERHEAD
    this.startLength = core.length
    this.nextIndex = core.length
    this.current = Buffer.alloc(this.payloadBytes)
  }

  get coreKey (): Buffer {
    return this.core.key
  }

  /** Logical offset at which the next record starts. */
  get position (): number {
    return this.nextIndex * this.payloadBytes + this.fill
  }

  /** Writes the parts of one record contiguously; returns its logical offset. */
  async write (parts: Uint8Array[]): Promise<number> {
    const offset = this.position
    for (const part of parts) {
      let pos = 0
      while (pos < part.byteLength) {
        const n = Math.min(part.byteLength - pos, this.payloadBytes - this.fill)
        this.current.set(part.subarray(pos, pos + n), this.fill)
        this.fill += n
        pos += n
        if (this.fill === this.payloadBytes) this.sealCurrent()
      }
    }
    if (this.sealed.length >= APPEND_BATCH) await this.flush()
    return offset
  }

  /** Pads the last block with zeros (padding records) and the push's block count to Padmé. */
  async finish (): Promise<number> {
    if (this.fill > 0) this.sealCurrent()
    const written = this.nextIndex - this.startLength
    for (let n = written; n < padme(written); n++) {
      this.sealCurrent()
      if (this.sealed.length >= APPEND_BATCH) await this.flush()
    }
    await this.drain()
    return this.nextIndex - this.startLength
  }

  private sealCurrent (): void {
    this.current.fill(0, this.fill)
    this.sealed.push(seal(this.blockKey, this.current, blockAD(this.core.key, this.nextIndex)))
    this.nextIndex++
    this.fill = 0
  }

  /** Starts appending the sealed blocks; waits only when too many appends are in flight. */
  private async flush (): Promise<void> {
    if (this.sealed.length > 0) {
      const blocks = this.sealed
      const expected = this.nextIndex
      const previous = this.inFlight[this.inFlight.length - 1] ?? Promise.resolve()
      this.sealed = []
      const appended = this.core.append(blocks)
      const done = this.afterAppend(appended, previous, expected)
      done.catch(() => {}) // awaited below or in drain(); this only keeps it from counting as unhandled
      this.inFlight.push(done)
    }
    while (this.inFlight.length >= APPENDS_IN_FLIGHT) await this.inFlight.shift()
  }

  /** Appends complete in order; the index hears of each only once its blocks are stored. */
  private async afterAppend (appended: Promise<{ length: number }>, previous: Promise<void>, expected: number): Promise<void> {
    const { length } = await appended
    await previous
    if (length !== expected) {
      // Another writer on this core: stop before anything refers to misplaced blocks.
      throw new Error(`data core length ${length} does not match the writer's ${expected}`)
    }
    await this.onAppend(length)
  }

  private async drain (): Promise<void> {
    await this.flush()
    while (this.inFlight.length > 0) await this.inFlight.shift()
  }
}
