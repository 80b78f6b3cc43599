import test from 'brittle'
import { compress, decompress } from '../../src/store/compress.js'
import { Codec } from '../../src/format/record.js'
import { seededBytes } from '../helpers/index.js'
import { throwsCode } from './expect-code.js'

const KiB = 1024

function text (bytes: number): Buffer {
  const line = 'p2vault keeps encrypted, deduplicated, versioned backups on blind seeders.\n'
  return Buffer.from(line.repeat(Math.ceil(bytes / line.length))).subarray(0, bytes)
}

test('incompressible 64 KiB is stored with codec NONE and an identical body', (t) => {
  const data = seededBytes('incompressible', 64 * KiB)
  const { codec, body } = compress(data)
  t.is(codec, Codec.NONE)
  t.ok(Buffer.from(body).equals(data), 'body is the input')
  t.is(decompress(codec, body, data.byteLength, 'chunk'), body, 'NONE decompresses to itself')
})

test('incompressible data below the sampling threshold is also stored with codec NONE', (t) => {
  const data = seededBytes('small', 8 * KiB)
  const { codec, body } = compress(data)
  t.is(codec, Codec.NONE)
  t.ok(Buffer.from(body).equals(data))
})

test('64 KiB of repetitive text is stored with codec BROTLI, smaller, and decompresses to the input', (t) => {
  const data = text(64 * KiB)
  const { codec, body } = compress(data)
  t.is(codec, Codec.BROTLI)
  t.ok(body.byteLength < data.byteLength / 10, `${body.byteLength} bytes`)
  t.ok(Buffer.from(decompress(codec, body, data.byteLength, 'chunk')).equals(data), 'round trip')
})

test('small compressible chunks round-trip too', (t) => {
  for (const n of [1, 100, 4 * KiB, 16 * KiB, 16 * KiB + 1]) {
    const data = text(n)
    const { codec, body } = compress(data)
    t.ok(Buffer.from(decompress(codec, body, n, 'chunk')).equals(data), `${n} bytes, codec ${codec}`)
  }
})

test('decompressing garbage with codec BROTLI fails with CHUNK_ID_MISMATCH', (t) => {
  const err = throwsCode(t, () => decompress(Codec.BROTLI, seededBytes('garbage', 1000), 64 * KiB, 'chunk 5'), 'CHUNK_ID_MISMATCH')
  t.ok(err?.message.includes('chunk 5'), 'message names the chunk')
  throwsCode(t, () => decompress(Codec.BROTLI, Buffer.alloc(0), 64 * KiB, 'chunk'), 'CHUNK_ID_MISMATCH', 'empty body')
  const { body } = compress(text(64 * KiB))
  throwsCode(t, () => decompress(Codec.BROTLI, body.subarray(0, body.byteLength - 1), 64 * KiB, 'chunk'), 'CHUNK_ID_MISMATCH', 'truncated body')
})

test('a body that inflates beyond its declared size fails with CHUNK_ID_MISMATCH (no decompression bomb)', (t) => {
  const { codec, body } = compress(Buffer.alloc(1024 * KiB))
  t.is(codec, Codec.BROTLI)
  throwsCode(t, () => decompress(codec, body, 64 * KiB, 'chunk'), 'CHUNK_ID_MISMATCH')
})
