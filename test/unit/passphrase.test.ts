import test from 'brittle'
import { argon2id } from '@noble/hashes/argon2.js'
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { newKdfParams, wrapKey, unwrapKey } from '../../src/crypto/passphrase.js'
import { NONCE_BYTES } from '../../src/crypto/seal.js'
import { throwsCode } from './expect-code.js'

const VAULT_KEY = Buffer.alloc(32, 0x01)

test('a vault key wrapped with a passphrase unwraps with the same passphrase', (t) => {
  const params = newKdfParams('interactive')
  const wrapped = wrapKey(VAULT_KEY, 'correct horse battery staple', params)
  t.is(wrapped.byteLength, 32 + 40, 'a sealed 32-byte key')
  t.absent(wrapped.includes(VAULT_KEY), 'the vault key is not in the clear')
  t.alike(unwrapKey(wrapped, 'correct horse battery staple', params), VAULT_KEY)
})

test('unwrap fails with BAD_PASSPHRASE on a wrong passphrase, another salt or a tampered file', (t) => {
  const params = newKdfParams('interactive')
  const wrapped = wrapKey(VAULT_KEY, 'hunter2', params)
  throwsCode(t, () => unwrapKey(wrapped, 'hunter3', params), 'BAD_PASSPHRASE', 'wrong passphrase')
  throwsCode(t, () => unwrapKey(wrapped, '', params), 'BAD_PASSPHRASE', 'empty passphrase')
  throwsCode(t, () => unwrapKey(wrapped, 'hunter2', { ...params, salt: Buffer.alloc(16, 0x5a) }), 'BAD_PASSPHRASE', 'another salt')
  const tampered = Buffer.from(wrapped)
  tampered[30] ^= 0x01
  throwsCode(t, () => unwrapKey(tampered, 'hunter2', params), 'BAD_PASSPHRASE', 'tampered wrapped key')
})

test('newKdfParams gives a fresh 16-byte salt and libsodium interactive or moderate Argon2id costs', (t) => {
  const a = newKdfParams('interactive')
  const b = newKdfParams('interactive')
  t.is(a.salt.byteLength, 16)
  t.absent(a.salt.equals(b.salt), 'salts are random')
  t.alike([a.opslimit, a.memlimit], [2, 64 * 1024 * 1024], 'interactive')
  const m = newKdfParams()
  t.alike([m.opslimit, m.memlimit], [3, 256 * 1024 * 1024], 'moderate is the default')
})

test('the wrapped key is XChaCha20-Poly1305 under Argon2id(passphrase) (checked against @noble)', (t) => {
  const params = newKdfParams('interactive')
  const wrapped = wrapKey(VAULT_KEY, 'pässwörd', params)
  const kek = argon2id(Buffer.from('pässwörd', 'utf8'), params.salt, { t: params.opslimit, m: params.memlimit / 1024, p: 1, dkLen: 32 })
  const ad = Buffer.from('p2vault/v1/key-wrap')
  const opened = xchacha20poly1305(kek, wrapped.subarray(0, NONCE_BYTES), ad).decrypt(wrapped.subarray(NONCE_BYTES))
  t.alike(Buffer.from(opened), VAULT_KEY)
})
