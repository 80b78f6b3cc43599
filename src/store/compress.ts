import zlib from 'node:zlib'
import { Codec, type CodecId } from '../format/record.js'
import { P2VaultError } from '../errors.js'

const BROTLI_FAST = {
  params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 1,
    [zlib.constants.BROTLI_PARAM_LGWIN]: 18
  }
}
const SAMPLE_BYTES = 4096

function brotli (data: Uint8Array): Buffer {
  return zlib.brotliCompressSync(data, { ...BROTLI_FAST, params: { ...BROTLI_FAST.params, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.byteLength } })
}

/** Bits per byte above which a sample is taken for already compressed or encrypted data. */
const INCOMPRESSIBLE_BITS = 7.5

/** Order-0 entropy of 4 KiB from the middle: random data scores ~7.95, text ~4.5-5.5. */
function sampleEntropy (data: Uint8Array): number {
  const start = Math.max(0, Math.floor(data.byteLength / 2) - SAMPLE_BYTES / 2)
  const sample = data.subarray(start, start + SAMPLE_BYTES)
  const counts = new Uint32Array(256)
  for (let i = 0; i < sample.byteLength; i++) counts[sample[i]]++
  let bits = 0
  for (let i = 0; i < 256; i++) {
    if (counts[i] === 0) continue
    const p = counts[i] / sample.byteLength
    bits -= p * Math.log2(p)
  }
  return bits
}

/**
 * Brotli quality 1 (node:zlib, no native dependency): chosen by measurement, see
 * docs/design.md. A byte-entropy test of a 4 KiB sample first skips incompressible chunks
 * for almost nothing (a brotli trial of the sample cost 0.66 s per GiB of random data).
 */
export function compress (data: Uint8Array): { codec: CodecId, body: Uint8Array } {
  if (data.byteLength > SAMPLE_BYTES * 4 && sampleEntropy(data) > INCOMPRESSIBLE_BITS) return { codec: Codec.NONE, body: data }
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
