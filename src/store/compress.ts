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

/**
 * Brotli quality 1 (node:zlib, no native dependency): chosen by measurement, see
 * docs/design.md. A 4 KiB sample is tried first so incompressible chunks cost almost nothing.
 */
export function compress (data: Uint8Array): { codec: CodecId, body: Uint8Array } {
  if (data.byteLength > SAMPLE_BYTES * 4) {
    const mid = Math.floor(data.byteLength / 2)
    const sample = data.subarray(mid, mid + SAMPLE_BYTES)
    if (brotli(sample).byteLength > SAMPLE_BYTES * 0.9) return { codec: Codec.NONE, body: data }
  }
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
