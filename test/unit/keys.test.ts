import test from 'brittle'
import { createPrivateKey, createPublicKey } from 'node:crypto'
import { blake2b } from '@noble/hashes/blake2.js'
import {
  KEY_BYTES, VAULT_KEY_PREFIX, SEED_KEY_PREFIX, generateVaultKey, deriveKey, deriveVaultKeys,
  formatVaultKey, formatSeedKey, parseVaultKey, parseSeedKey
} from '../../src/crypto/keys.js'
import { encode, decode } from '../../src/crypto/base32.js'
import { throwsCode, hex } from './expect-code.js'

const ONES = Buffer.alloc(32, 0x01)

// Frozen from the implementation: a change of derivation or key string format breaks every vault.
const GOLDEN = {
  blockKey: '110448a996c3fe1fac18215e6a4e190d637ef0c4546857093c6770dd0e088f9b',
  chunkIdKey: '3c911e2724a82b831e72e22fc0e5fcd561910fb5eb1fd4fa3ab1aefe06ae6371',
  chunkerKey: 'f288aa27d4ebe0b80233d7dad46749cb376b4fffbed8a42531de00b220a6464d',
  snapshotIdKey: 'e42f9034ded526d8cf02abf4465431b976f824f1550246bf84d884b2dc3059ec',
  seedKey: '3362706b95a9b39437aa6cf8963ea29b9eabafb140adfe2db5ba00d1dfb35f8c',
  vaultKeyString: 'p2vk_aeaqcaibaeaqcaibaeaqcaibaeaqcaibaeaqcaibaeaqcaibaeaqmxl5wi',
  seedKeyString: 'p2vs_gnrha24vvgzzin5knt4jmpvctopkxl5ricw74lnvxiandx5tl6gln3ow6i'
}

/** Replaces the character at `i` with another character of the base32 alphabet. */
function changeChar (s: string, i: number): string {
  return s.slice(0, i) + (s[i] === 'a' ? 'b' : 'a') + s.slice(i + 1)
}

test('vault key golden vector: derived keys and key strings for the all-0x01 vault key', (t) => {
  const k = deriveVaultKeys(ONES)
  t.is(hex(k.blockKey), GOLDEN.blockKey, 'blockKey')
  t.is(hex(k.chunkIdKey), GOLDEN.chunkIdKey, 'chunkIdKey')
  t.is(hex(k.chunkerKey), GOLDEN.chunkerKey, 'chunkerKey')
  t.is(hex(k.snapshotIdKey), GOLDEN.snapshotIdKey, 'snapshotIdKey')
  t.is(hex(k.seedKey), GOLDEN.seedKey, 'seedKey')
  t.is(formatVaultKey(ONES), GOLDEN.vaultKeyString, 'vault key string')
  t.is(formatSeedKey(k.seedKey), GOLDEN.seedKeyString, 'seed key string')
})

test('deriveKey is keyed BLAKE2b-256 of "p2vault/v1/<name>" (checked against @noble/hashes)', (t) => {
  for (const name of ['block', 'chunk-id', 'chunker', 'snapshot-id', 'signing']) {
    const want = blake2b(Buffer.from('p2vault/v1/' + name), { key: ONES, dkLen: 32 })
    t.is(hex(deriveKey(ONES, name)), hex(want), name)
  }
})

test('the seed key is the Ed25519 public key of the derived signing seed (checked against node:crypto)', (t) => {
  const k = deriveVaultKeys(ONES)
  // PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410).
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), deriveKey(ONES, 'signing')])
  const spki = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' })
  t.is(hex(k.seedKey), hex(spki.subarray(-32)))
  t.is(hex(k.signing.publicKey), hex(k.seedKey), 'seedKey is the signing public key')
  t.is(hex(k.signing.secretKey.subarray(32)), hex(k.seedKey), 'secret key carries the public half')
})

test('deriveKey is deterministic and gives different keys for different names and vault keys', (t) => {
  const names = ['block', 'chunk-id', 'chunker', 'snapshot-id', 'signing', 'block2', '']
  const derived = names.map(n => hex(deriveKey(ONES, n)))
  t.is(new Set(derived).size, names.length, 'all names give distinct keys')
  t.alike(names.map(n => hex(deriveKey(Buffer.alloc(32, 0x01), n))), derived, 'same inputs, same keys')
  t.not(hex(deriveKey(Buffer.alloc(32, 0x02), 'block')), derived[0], 'another vault key, another block key')
  t.is(deriveKey(ONES, 'block').byteLength, KEY_BYTES)
})

test('vault and seed keys round-trip through their strings', (t) => {
  for (let i = 0; i < 20; i++) {
    const key = generateVaultKey()
    const vs = formatVaultKey(key)
    t.ok(vs.startsWith(VAULT_KEY_PREFIX), 'vault key string has its prefix')
    t.alike(parseVaultKey(vs), key, 'vault key round trip')
    const seed = deriveVaultKeys(key).seedKey
    const ss = formatSeedKey(seed)
    t.ok(ss.startsWith(SEED_KEY_PREFIX), 'seed key string has its prefix')
    t.alike(parseSeedKey(ss), seed, 'seed key round trip')
  }
})

test('upper-case input and surrounding whitespace are accepted', (t) => {
  t.alike(parseVaultKey(GOLDEN.vaultKeyString.toUpperCase()), ONES, 'upper-case vault key')
  t.alike(parseVaultKey(`  ${GOLDEN.vaultKeyString}\n`), ONES, 'padded vault key')
  t.is(hex(parseSeedKey(GOLDEN.seedKeyString.toUpperCase())), GOLDEN.seedKey, 'upper-case seed key')
})

test('a seed key given where a vault key is needed fails with WRONG_KEY_TYPE, and vice versa', (t) => {
  const e1 = throwsCode(t, () => parseVaultKey(GOLDEN.seedKeyString), 'WRONG_KEY_TYPE', 'seed key as vault key')
  const e2 = throwsCode(t, () => parseSeedKey(GOLDEN.vaultKeyString), 'WRONG_KEY_TYPE', 'vault key as seed key')
  t.ok(e1?.message.includes('seed key') && e1.message.includes(VAULT_KEY_PREFIX), 'says what it got and what is needed')
  t.ok(e2?.message.includes('vault key') && e2.message.includes(SEED_KEY_PREFIX), 'says what it got and what is needed')
})

test('malformed key strings fail with INVALID_KEY and the message never contains the key', (t) => {
  const vk = GOLDEN.vaultKeyString
  const body = vk.slice(VAULT_KEY_PREFIX.length)
  const cases: Array<[string, string]> = [
    ['truncated by one character', vk.slice(0, -1)],
    ['truncated to half', vk.slice(0, 30)],
    ['one character too many', vk + 'a'],
    ['one character changed (checksum)', changeChar(vk, 20)],
    ['first key character changed (checksum)', changeChar(vk, VAULT_KEY_PREFIX.length)],
    ['a checksum character changed', changeChar(vk, vk.length - 4)],
    ['a non-base32 digit', vk.slice(0, 20) + '1' + vk.slice(21)],
    ['a non-base32 symbol', vk.slice(0, 20) + '-' + vk.slice(21)],
    ['no prefix', body],
    ['an unknown prefix', 'p2vx_' + body],
    ['empty', '']
  ]
  for (const [what, text] of cases) {
    const err = throwsCode(t, () => parseVaultKey(text), 'INVALID_KEY', what)
    if (text !== '') t.absent(err?.message.includes(text), `${what}: message does not contain the key string`)
    t.absent(err?.message.includes(body.slice(0, 16)), `${what}: message does not contain the key body`)
  }
})

test('a changed character in a seed key fails with INVALID_KEY', (t) => {
  throwsCode(t, () => parseSeedKey(changeChar(GOLDEN.seedKeyString, 30)), 'INVALID_KEY')
})

test('every single-character change in the first 57 key characters is caught', (t) => {
  const vk = GOLDEN.vaultKeyString
  let accepted = 0
  for (let i = VAULT_KEY_PREFIX.length; i < vk.length - 1; i++) {
    for (const ch of 'abcdefghijklmnopqrstuvwxyz234567') {
      if (ch === vk[i]) continue
      try { parseVaultKey(vk.slice(0, i) + ch + vk.slice(i + 1)); accepted++ } catch {}
    }
  }
  t.is(accepted, 0)
})

// 58 base32 characters carry 290 bits for 288: the 2 spare bits must be zero, or 4 different
// last characters would parse to the same key.
test('a changed last character is refused (canonical base32, no ignored bits)', (t) => {
  const vk = GOLDEN.vaultKeyString
  for (const ch of 'jkl') throwsCode(t, () => parseVaultKey(vk.slice(0, -1) + ch), 'INVALID_KEY', `last char ${ch}`)
})

test('base32 encodes RFC 4648 lower case without padding and round-trips', (t) => {
  t.is(encode(Buffer.from('foobar')), 'mzxw6ytboi', 'RFC 4648 test vector')
  t.is(encode(Buffer.from('f')), 'my')
  t.is(encode(Buffer.alloc(0)), '')
  t.alike(decode('mzxw6ytboi'), Buffer.from('foobar'))
  t.is(decode('mzxw6ytb0i'), null, '0 is not in the alphabet')
  t.is(decode('MZXW6YTBOI'), null, 'decode itself is lower case only')
  const bytes = Buffer.from(Array.from({ length: 37 }, (_, i) => (i * 89 + 7) & 0xff))
  for (let n = 0; n <= bytes.length; n++) t.alike(decode(encode(bytes.subarray(0, n))), bytes.subarray(0, n), `${n} bytes`)
})
