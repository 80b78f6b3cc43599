import zlib from 'node:zlib'
import { Codec, type CodecId } from '../format/record.js'
import { P2VaultError } from '../errors.js'

const BROTLI_FAST = {
  params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 1,
    [zlib.constants.BROTLI_PARAM_LGWIN]: 18
  }
}
/** A 1 KiB sample already separates random data (~7.8 bits per byte) from text (~4.5-5.5). */
const SAMPLE_BYTES = 1024

function brotli (data: Uint8Array): Buffer {
  return zlib.brotliCompressSync(data, { ...BROTLI_FAST, params: { ...BROTLI_FAST.params, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.byteLength } })
}

/** Bits per byte above which a sample is taken for already compressed or encrypted data. */
const INCOMPRESSIBLE_BITS = 7.5

const counts = new Uint32Array(256)

/** Order-0 entropy of 1 KiB from the middle, in bits per byte. */
function sampleEntropy (data: Uint8Array): number {
  const start = Math.max(0, (data.byteLength >>> 1) - SAMPLE_BYTES / 2)
  const n = Math.min(SAMPLE_BYTES, data.byteLength - start)
  // A plain Uint8Array view keeps this loop monomorphic whatever subclass `data` is.
  const sample = new Uint8Array(data.buffer, data.byteOffset + start, n)
  counts.fill(0)
  for (let i = 0; i < n; i++) counts[sample[i]]++
  let bits = 0
  for (let i = 0; i < 256; i++) {
    const c = counts[i]
    if (c !== 0) bits -= (c / n) * Math.log2(c / n)
  }
  return bits
}

/**
 * Brotli quality 1 (node:zlib, no native dependency): chosen by measurement, see
 * docs/design.md. A byte-entropy test of a 1 KiB sample first skips incompressible chunks
 * for almost nothing (a brotli trial of a 4 KiB sample cost 0.66 s per GiB of random data).
 */
export function compress (data: Uint8Array): { codec: CodecId, body: Uint8Array } {
  if (data.byteLength > 16 * 1024 && sampleEntropy(data) > INCOMPRESSIBLE_BITS) return { codec: Codec.NONE, body: data }
  const packed = brotli(data)
  if (packed.byteLength >= data.byteLength * 0.97) return { codec: Codec.NONE, body: data }
  return { codec: Codec.BROTLI, body: packed }
}

export function decompress (codec: CodecId, body: Uint8Array, size: number, what: string): Uint8Array {
  if (codec === Codec.NONE) return body
  try {
    return zlib.brotliDecompressSync(body, { maxOutputLength: Math.max(size, 1) })
  } catch {
    throw P2VaultError.CHUNK_ID_MISMATCH(`${what} (does not decompress)`)
  }
}
