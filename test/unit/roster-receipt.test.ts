import test from 'brittle'
import sodium from 'sodium-native'
import { deriveVaultKeys } from '../../src/crypto/keys.js'
import { signRosterEntry, openRosterEntry, sealSettings, openSettings } from '../../src/format/roster.js'
import { signReceipt, openReceipt } from '../../src/format/receipt.js'
import { throwsCode } from './expect-code.js'

const vault = deriveVaultKeys(Buffer.alloc(32, 0x01))
const other = deriveVaultKeys(Buffer.alloc(32, 0x02))
const entry = { dataCore: Buffer.alloc(32, 0xd1), metaCore: Buffer.alloc(32, 0xe1), created: 1700000000000, settings: Buffer.alloc(60, 0x5e) }

function seederKeyPair (): { publicKey: Buffer, secretKey: Buffer } {
  const publicKey = Buffer.alloc(32)
  const secretKey = Buffer.alloc(64)
  sodium.crypto_sign_seed_keypair(publicKey, secretKey, Buffer.alloc(32, 0x33))
  return { publicKey, secretKey }
}

test('a roster entry signed with the vault signing key opens with the seed key', (t) => {
  const bytes = signRosterEntry(entry, vault.seedKey, vault.signing.secretKey)
  t.alike(openRosterEntry(bytes, vault.seedKey), entry)
})

test('roster entries signed by another vault, for another vault, or altered are refused', (t) => {
  const foreign = signRosterEntry(entry, other.seedKey, other.signing.secretKey)
  throwsCode(t, () => openRosterEntry(foreign, vault.seedKey), 'BAD_SIGNATURE')
  const crossBound = signRosterEntry(entry, other.seedKey, vault.signing.secretKey) // right signer, other vault bound in
  throwsCode(t, () => openRosterEntry(crossBound, vault.seedKey), 'BAD_SIGNATURE')
  const bytes = signRosterEntry(entry, vault.seedKey, vault.signing.secretKey)
  for (const i of [0, 5, 40, bytes.byteLength - 1]) {
    const bad = Buffer.from(bytes)
    bad[i] ^= 1
    throwsCode(t, () => openRosterEntry(bad, vault.seedKey), 'BAD_SIGNATURE')
  }
  throwsCode(t, () => openRosterEntry(bytes.subarray(0, 60), vault.seedKey), 'BAD_RECORD')
})

test('a receipt opens only with the signature of the seeder it names', (t) => {
  const seeder = seederKeyPair()
  const r = { seeder: seeder.publicKey, core: Buffer.alloc(32, 0xc0), length: 42, treeHash: Buffer.alloc(32, 0x7e), time: 1700000000123 }
  const bytes = signReceipt(r, seeder.secretKey)
  t.alike(openReceipt(bytes), r)
  const impostor = signReceipt({ ...r, seeder: vault.seedKey }, seeder.secretKey) // names a key it does not hold
  throwsCode(t, () => openReceipt(impostor), 'BAD_SIGNATURE')
  const longer = Buffer.from(bytes)
  longer[66] ^= 1 // a byte of the body (the tree hash)
  throwsCode(t, () => openReceipt(longer), 'BAD_SIGNATURE')
})

test('vault settings in a roster entry open only with the vault key', (t) => {
  const settings = { blockSize: 65536, chunker: { min: 16384, avg: 65536, max: 262144 } }
  const sealed = sealSettings(settings, vault.blockKey)
  t.alike(openSettings(sealed, vault.blockKey), settings)
  throwsCode(t, () => openSettings(sealed, other.blockKey), 'BLOCK_AUTH_FAILED')
})

test('invites carry the vault key and any number of seeder keys under one checksum', async (t) => {
  const { formatInvite, parseInvite, parseVaultKeyOrInvite, formatSeederKey, parseSeederKey, formatVaultKey } = await import('../../src/crypto/keys.js')
  const seeders = [Buffer.alloc(32, 0xa1), Buffer.alloc(32, 0xa2), Buffer.alloc(32, 0xa3)]
  for (const n of [0, 1, 3]) {
    const invite = formatInvite(vault.vaultKey, seeders.slice(0, n))
    t.ok(invite.startsWith('p2vi_'))
    const parsed = parseInvite(invite)
    t.alike(parsed.vaultKey, vault.vaultKey)
    t.alike(parsed.seeders, seeders.slice(0, n), `${n} seeder keys round trip`)
  }
  const invite = formatInvite(vault.vaultKey, seeders)
  throwsCode(t, () => parseInvite(invite.slice(0, -3)), 'INVALID_KEY')
  throwsCode(t, () => parseInvite(invite.slice(0, 30) + (invite[30] === 'a' ? 'b' : 'a') + invite.slice(31)), 'INVALID_KEY')
  t.alike(parseVaultKeyOrInvite(formatVaultKey(vault.vaultKey)), { vaultKey: vault.vaultKey, seeders: [] }, 'join takes a plain vault key too')
  t.alike(parseSeederKey(formatSeederKey(seeders[0])), seeders[0])
  throwsCode(t, () => parseSeederKey(formatVaultKey(vault.vaultKey)), 'WRONG_KEY_TYPE')
})
