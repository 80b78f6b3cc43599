import test from 'brittle'
import { createHash } from 'node:crypto'
import { blake2b } from '@noble/hashes/blake2.js'
import { Chunker, DEFAULT_CHUNKER, checkChunkerParams, gearTable, type ChunkerParams } from '../../src/chunker/fastcdc.js'
import { seededBytes } from '../helpers/index.js'
import { throwsCode } from './expect-code.js'

const MiB = 1024 * 1024
const KEY_A = Buffer.alloc(32, 0xa1)
const KEY_B = Buffer.alloc(32, 0xb2)
const DATA = seededBytes('chunker-8mib', 8 * MiB)

/** Chunks `pieces` pushed one by one; returns the chunk lengths and chunk hashes. */
function chunk (key: Uint8Array, pieces: Iterable<Uint8Array>, params: ChunkerParams = DEFAULT_CHUNKER): { lengths: number[], hashes: string[] } {
  const c = new Chunker(gearTable(key), params)
  const lengths: number[] = []
  const hashes: string[] = []
  const take = (chunks: Buffer[]): void => {
    for (const ch of chunks) {
      lengths.push(ch.byteLength)
      hashes.push(createHash('sha256').update(ch).digest('hex'))
    }
  }
  for (const p of pieces) take(c.push(p))
  take(c.end())
  return { lengths, hashes }
}

/** Fresh copies of `data` in seeded random sizes from 1 byte to 300 KiB. */
function* seededPieces (data: Buffer, seed: string): Generator<Buffer> {
  const rnd = seededBytes(seed, 4 * 100000)
  for (let pos = 0, i = 0; pos < data.byteLength; i++) {
    const size = 1 + (rnd.readUInt32LE((i * 4) % rnd.byteLength) % (300 * 1024))
    yield Buffer.from(data.subarray(pos, pos + size))
    pos += size
  }
}

function cutPoints (lengths: number[]): number[] {
  let pos = 0
  return lengths.map(n => (pos += n))
}

test('8 MiB of seeded data: chunks within [min, max], last ≤ max, mean near 64 KiB, concatenation is the input', (t) => {
  const c = new Chunker(gearTable(KEY_A), DEFAULT_CHUNKER)
  const chunks = [...c.push(Buffer.from(DATA)), ...c.end()]
  const body = chunks.slice(0, -1)
  const { min, max } = DEFAULT_CHUNKER
  t.ok(chunks.length > 1, `${chunks.length} chunks`)
  t.alike(body.filter(ch => ch.byteLength < min || ch.byteLength > max).map(ch => ch.byteLength), [], 'every chunk but the last within [min, max]')
  t.ok(chunks[chunks.length - 1].byteLength <= max && chunks[chunks.length - 1].byteLength > 0, 'last chunk non-empty and ≤ max')
  const mean = DATA.byteLength / chunks.length
  t.ok(mean >= 40 * 1024 && mean <= 100 * 1024, `mean chunk size ${(mean / 1024).toFixed(1)} KiB in [40, 100] KiB`)
  t.ok(Buffer.concat(chunks).equals(DATA), 'concatenation equals the input')
})

test('the gear table is 16 keyed BLAKE2b-512 outputs of "p2vault/v1/gear/<i>" read as int32 LE', (t) => {
  const bytes = Buffer.concat(Array.from({ length: 16 }, (_, i) => blake2b(Buffer.from(`p2vault/v1/gear/${i}`), { key: KEY_A, dkLen: 64 })))
  const want = Array.from({ length: 256 }, (_, i) => bytes.readInt32LE(i * 4))
  t.alike(Array.from(gearTable(KEY_A)), want)
})

test('golden vector: cut points of the seeded 8 MiB under a fixed chunker key', (t) => {
  const { lengths } = chunk(KEY_A, [Buffer.from(DATA)])
  t.is(lengths.length, 112, 'chunk count')
  t.alike(lengths.slice(0, 8), [96841, 66863, 66527, 69269, 69853, 75243, 28258, 71222], 'first 8 chunk lengths')
  t.is(lengths[lengths.length - 1], 46978, 'last chunk length')
})

test('chunking is identical whether data is pushed in one buffer or in random-size pieces', (t) => {
  const whole = chunk(KEY_A, [Buffer.from(DATA)])
  const pieces = chunk(KEY_A, seededPieces(DATA, 'piece-sizes-1'))
  const tiny = chunk(KEY_A, seededPieces(DATA.subarray(0, 1 * MiB), 'piece-sizes-2'))
  t.alike(pieces.lengths, whole.lengths, 'same cut points')
  t.alike(pieces.hashes, whole.hashes, 'same chunk bytes')
  t.alike(tiny.hashes, chunk(KEY_A, [Buffer.from(DATA.subarray(0, 1 * MiB))]).hashes, 'same for a 1 MiB prefix')
})

test('chunking is deterministic and different chunker keys give different cut points', (t) => {
  const a1 = cutPoints(chunk(KEY_A, [Buffer.from(DATA)]).lengths)
  const a2 = cutPoints(chunk(Buffer.from(KEY_A), [Buffer.from(DATA)]).lengths)
  const b = cutPoints(chunk(KEY_B, [Buffer.from(DATA)]).lengths)
  t.alike(a2, a1, 'same key, same cut points')
  const shared = b.filter(p => a1.includes(p)).length
  t.ok(shared <= 2, `another key shares ${shared} of ${b.length} cut points (only the end is expected)`)
})

test('inserting 100 bytes near the start leaves all but at most 3 chunks identical', (t) => {
  const edited = Buffer.concat([DATA.subarray(0, 1000), seededBytes('insert', 100), DATA.subarray(1000)])
  const before = new Set(chunk(KEY_A, [Buffer.from(DATA)]).hashes)
  const after = new Set(chunk(KEY_A, [edited]).hashes)
  const lost = [...before].filter(h => !after.has(h)).length
  const added = [...after].filter(h => !before.has(h)).length
  t.ok(before.size > 100, `${before.size} chunks before`)
  t.ok(lost <= 3, `${lost} old chunks changed`)
  t.ok(added <= 3, `${added} new chunks`)
})

test('input of at most min bytes is one chunk, and empty input is no chunk', (t) => {
  const small = chunk(KEY_A, [seededBytes('small', DEFAULT_CHUNKER.min)])
  t.alike(small.lengths, [DEFAULT_CHUNKER.min])
  t.alike(chunk(KEY_A, []).lengths, [])
  t.alike(chunk(KEY_A, [Buffer.alloc(0)]).lengths, [])
})

test('checkChunkerParams accepts the defaults and refuses bad sizes with BAD_SETTING', (t) => {
  checkChunkerParams(DEFAULT_CHUNKER)
  checkChunkerParams({ min: 256, avg: 1024, max: 4096 })
  t.pass('defaults and a small power of two accepted')
  throwsCode(t, () => checkChunkerParams({ min: 16384, avg: 48 * 1024, max: 262144 }), 'BAD_SETTING', 'avg not a power of two')
  throwsCode(t, () => checkChunkerParams({ min: 16384, avg: 65535, max: 262144 }), 'BAD_SETTING', 'avg one below a power of two')
  throwsCode(t, () => checkChunkerParams({ min: 128, avg: 512, max: 4096 }), 'BAD_SETTING', 'avg below 1 KiB')
  throwsCode(t, () => checkChunkerParams({ min: 16384, avg: 8 * MiB, max: 16 * MiB }), 'BAD_SETTING', 'avg above 4 MiB')
  throwsCode(t, () => checkChunkerParams({ min: 65536, avg: 65536, max: 262144 }), 'BAD_SETTING', 'min not below avg')
  throwsCode(t, () => checkChunkerParams({ min: 16384, avg: 65536, max: 65536 }), 'BAD_SETTING', 'max not above avg')
})
