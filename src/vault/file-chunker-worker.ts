// Worker thread: reads a file, cuts it into chunks, hashes and compresses them, and sends
// batches to the main thread, which dedups, seals and appends. Splits push over two cores.
import { parentPort, workerData } from 'node:worker_threads'
import fs from 'node:fs/promises'
import { Chunker, type ChunkerParams } from '../chunker/fastcdc.js'
import { chunkId } from '../crypto/hash.js'
import { compress } from '../store/compress.js'

interface Init { gear: Int32Array, chunker: ChunkerParams, chunkIdKey: Uint8Array, readBytes: number, credits: number }
const init = workerData as Init
const port = parentPort!
let credits = init.credits
let wake: (() => void) | null = null

port.on('message', (msg: { type: 'file', path: string } | { type: 'ack' }) => {
  if (msg.type === 'ack') {
    credits++
    wake?.()
    return
  }
  chunkFile(msg.path).then(
    (bytesRead) => port.postMessage({ type: 'done', bytesRead }),
    (err: NodeJS.ErrnoException) => port.postMessage({ type: 'error', message: err.message, read: err.syscall !== undefined })
  )
})

async function credit (): Promise<void> {
  while (credits === 0) await new Promise<void>(resolve => { wake = resolve })
  credits--
}

/** Sends a batch, moving (not copying) the big read buffers the bodies live in. */
function send (chunks: Buffer[]): void {
  const prepared = chunks.map(c => ({ id: chunkId(init.chunkIdKey, c), size: c.byteLength, ...compress(c) }))
  const moved = new Set<ArrayBuffer>()
  // Small buffers may share Node's allocation pool; only our own large reads are moved.
  for (const p of prepared) if (p.body.buffer.byteLength >= init.readBytes) moved.add(p.body.buffer as ArrayBuffer)
  port.postMessage({ type: 'chunks', chunks: prepared }, [...moved])
}

async function chunkFile (path: string): Promise<number> {
  const fh = await fs.open(path, 'r')
  const chunker = new Chunker(init.gear, init.chunker)
  let bytesRead = 0
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(init.readBytes) // fresh: the chunker keeps views into it
      const r = await fh.read(buf, 0, init.readBytes, null)
      if (r.bytesRead === 0) break
      bytesRead += r.bytesRead
      await credit()
      const chunks = chunker.push(buf.subarray(0, r.bytesRead))
      chunker.detach()
      send(chunks)
    }
    await credit()
    send(chunker.end())
    return bytesRead
  } finally {
    await fh.close()
  }
}
