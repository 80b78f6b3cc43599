import test from 'brittle'
import { createHmac } from 'node:crypto'
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { seal, open, blockAD, NONCE_BYTES, TAG_BYTES, SEAL_OVERHEAD, BLOCK_FORMAT_VERSION } from '../../src/crypto/seal.js'
import { chunkId } from '../../src/crypto/hash.js'
import { seededBytes } from '../helpers/index.js'
import { throwsCode, hex } from './expect-code.js'

const KEY = Buffer.alloc(32, 0x42)
const CORE = Buffer.alloc(32, 0xc0)
const AD = blockAD(CORE, 7)

test('seal then open returns the plaintext, for empty, small and block-sized payloads', (t) => {
  for (const n of [0, 1, 100, 65536]) {
    const plain = seededBytes(`seal-${n}`, n)
    t.alike(open(KEY, seal(KEY, plain, AD), AD, 'block 7'), plain, `${n} bytes`)
  }
})

test('a sealed block is nonce (24) ‖ ciphertext ‖ tag (16)', (t) => {
  t.is(NONCE_BYTES, 24)
  t.is(TAG_BYTES, 16)
  t.is(SEAL_OVERHEAD, 40)
  const plain = seededBytes('layout', 1000)
  const sealed = seal(KEY, plain, AD)
  t.is(sealed.byteLength, 24 + 1000 + 16)
  t.absent(sealed.subarray(24, 1024).equals(plain), 'the payload is not stored in the clear')
})

test('blockAD is version ‖ core key ‖ block index as u64 LE', (t) => {
  const ad = blockAD(CORE, 2 ** 40 + 5)
  t.is(ad.byteLength, 41)
  t.is(ad[0], BLOCK_FORMAT_VERSION)
  t.is(BLOCK_FORMAT_VERSION, 1)
  t.alike(ad.subarray(1, 33), CORE)
  t.is(hex(ad.subarray(33)), '0500000000010000')
})

test('sealing the same plaintext twice gives different bytes (random nonce)', (t) => {
  const plain = Buffer.alloc(64, 0x55)
  const a = seal(KEY, plain, AD)
  const b = seal(KEY, plain, AD)
  t.absent(a.equals(b), 'sealed blocks differ')
  t.absent(a.subarray(0, NONCE_BYTES).equals(b.subarray(0, NONCE_BYTES)), 'nonces differ')
})

test('a flipped bit anywhere in a sealed block makes open fail with BLOCK_AUTH_FAILED', (t) => {
  const sealed = seal(KEY, seededBytes('flip', 48), AD)
  const codes = new Map<string, number>()
  for (let bit = 0; bit < sealed.byteLength * 8; bit++) {
    const bad = Buffer.from(sealed)
    bad[bit >> 3] ^= 1 << (bit & 7)
    let code = 'opened'
    try { open(KEY, bad, AD, 'block 7') } catch (err) { code = (err as { code?: string }).code ?? String(err) }
    codes.set(code, (codes.get(code) ?? 0) + 1)
  }
  t.alike([...codes], [['BLOCK_AUTH_FAILED', sealed.byteLength * 8]], `all ${sealed.byteLength * 8} bit flips refused`)
})

test('open fails with BLOCK_AUTH_FAILED under another block index, core key or key', (t) => {
  const sealed = seal(KEY, seededBytes('bind', 200), AD)
  throwsCode(t, () => open(KEY, sealed, blockAD(CORE, 8), 'x'), 'BLOCK_AUTH_FAILED', 'moved to block 8')
  throwsCode(t, () => open(KEY, sealed, blockAD(CORE, 7 + 2 ** 32), 'x'), 'BLOCK_AUTH_FAILED', 'index differs only above 32 bits')
  throwsCode(t, () => open(KEY, sealed, blockAD(Buffer.alloc(32, 0xc1), 7), 'x'), 'BLOCK_AUTH_FAILED', 'moved to another core')
  throwsCode(t, () => open(Buffer.alloc(32, 0x43), sealed, AD, 'x'), 'BLOCK_AUTH_FAILED', 'another key')
  const ad = Buffer.from(AD)
  ad[0] = 2
  throwsCode(t, () => open(KEY, sealed, ad, 'x'), 'BLOCK_AUTH_FAILED', 'another format version')
})

test('open of a truncated block fails with BLOCK_AUTH_FAILED and names the block', (t) => {
  const sealed = seal(KEY, Buffer.from('hello'), AD)
  for (const n of [0, 10, SEAL_OVERHEAD - 1, SEAL_OVERHEAD, sealed.byteLength - 1]) {
    throwsCode(t, () => open(KEY, sealed.subarray(0, n), AD, 'data block 7'), 'BLOCK_AUTH_FAILED', `${n} bytes`)
  }
  const err = throwsCode(t, () => open(KEY, sealed.subarray(0, 30), AD, 'data block 7'), 'BLOCK_AUTH_FAILED')
  t.ok(err?.message.includes('data block 7'), 'message names the block')
  t.ok(err?.integrity, 'an integrity failure')
})

test('sodium output decrypts with @noble/ciphers xchacha20poly1305', (t) => {
  const plain = seededBytes('noble-1', 5000)
  const ad = blockAD(CORE, 123456)
  const sealed = seal(KEY, plain, ad)
  const opened = xchacha20poly1305(KEY, sealed.subarray(0, NONCE_BYTES), ad).decrypt(sealed.subarray(NONCE_BYTES))
  t.alike(Buffer.from(opened), plain)
})

test('@noble/ciphers output with a fixed nonce opens with open()', (t) => {
  const plain = seededBytes('noble-2', 3000)
  const ad = blockAD(CORE, 9)
  const nonce = Buffer.alloc(NONCE_BYTES, 0x24)
  const sealed = Buffer.concat([nonce, xchacha20poly1305(KEY, nonce, ad).encrypt(plain)])
  t.alike(open(KEY, sealed, ad, 'noble block'), plain)
})

test('chunkId is HMAC-SHA256 under the chunk-id key and differs under another key', (t) => {
  const data = seededBytes('chunk', 10000)
  const key = Buffer.alloc(32, 0x0c)
  const id = chunkId(key, data)
  t.is(id.byteLength, 32)
  t.is(hex(id), createHmac('sha256', key).update(data).digest('hex'))
  t.not(hex(chunkId(Buffer.alloc(32, 0x0d), data)), hex(id), 'another key, another id')
  t.not(hex(chunkId(key, data.subarray(1))), hex(id), 'other data, another id')
})
