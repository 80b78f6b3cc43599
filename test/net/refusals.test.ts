import test from 'brittle'
import fs from 'node:fs'
import path from 'node:path'
import sodium from 'sodium-native'
import type { Connection } from 'hyperswarm'
import { tmpdir, cli, cliJson } from '../helpers/index.js'
import { testnet, startSeeder } from '../helpers/net.js'
import { parseVaultKey, parseBootstrap, parseSeederKey } from '../../src/index.js'
import { deriveVaultKeys, generateVaultKey } from '../../src/crypto/keys.js'
import { signRosterEntry } from '../../src/format/roster.js'
import { signReceipt } from '../../src/format/receipt.js'
import { createSwarm, destroySwarm } from '../../src/net/swarm.js'
import { vaultId, vaultTopic } from '../../src/net/names.js'
import { Peer } from '../../src/net/wire.js'

function randomKey (): Buffer {
  const b = Buffer.alloc(32)
  sodium.randombytes_buf(b)
  return b
}

test('a seeder refuses roster entries not signed by the vault and vaults it does not serve; it replicates nothing for them', async (t) => {
  const dir = tmpdir(t)
  const bootstrap = await testnet(t)
  const { vaultKey, seedKey } = await cliJson(path.join(dir, 'A'), ['init'])
  const seeder = await startSeeder(t, path.join(dir, 's1'), bootstrap, ['--vault', seedKey])
  const keys = deriveVaultKeys(parseVaultKey(vaultKey))
  const intruder = deriveVaultKeys(generateVaultKey())
  const forgedCore = randomKey()
  const forged = signRosterEntry({ dataCore: forgedCore, metaCore: randomKey(), created: Date.now(), settings: Buffer.alloc(8) }, keys.seedKey, intruder.signing.secretKey)
  const unservedId = vaultId(intruder.seedKey)
  const unserved = signRosterEntry({ dataCore: randomKey(), metaCore: randomKey(), created: Date.now(), settings: Buffer.alloc(8) }, intruder.seedKey, intruder.signing.secretKey)

  const swarm = createSwarm({ bootstrap: parseBootstrap(bootstrap), host: '127.0.0.1' })
  t.teardown(() => destroySwarm(swarm))
  const connected = new Promise<void>(resolve => swarm.on('connection', (conn: Connection) => {
    conn.on('error', () => {})
    const peer = new Peer(conn, { onVaults () {}, onRoster () {}, onReceipt () {} })
    peer.announce([keys.seedKey, intruder.seedKey]) // it knows the seed key: only the signature can stop it
    peer.roster(vaultId(keys.seedKey), [forged])
    peer.roster(unservedId, [unserved])
    resolve()
  }))
  swarm.joinPeer(parseSeederKey(seeder.key))
  await connected

  await seeder.waitFor(/"event":"roster-refused".*signature does not verify/)
  await seeder.waitFor(/"event":"roster-refused".*vault not served/)
  await seeder.stop()
  t.absent(seeder.lines.some(l => l.includes('device-added')), 'no device added')
  t.absent(fs.existsSync(path.join(dir, 's1', 'rosters')), 'no roster entry kept')
  t.absent(seeder.lines.some(l => l.includes(forgedCore.toString('hex'))), 'no core of the forged entry was opened')
})

test('receipts with a bad signature, from a peer that is not the signer, or for a tree this device never had do not count', async (t) => {
  const dir = tmpdir(t)
  const bootstrap = await testnet(t)
  const home = path.join(dir, 'A')
  const { vaultKey } = await cliJson(home, ['init'])
  const keys = deriveVaultKeys(parseVaultKey(vaultKey))
  fs.mkdirSync(path.join(dir, 'src'))
  fs.writeFileSync(path.join(dir, 'src', 'f'), 'x')
  await cliJson(home, ['push', path.join(dir, 'src'), '--offline'])

  // A fake seeder on the vault topic that answers every core with a forged receipt.
  const swarm = createSwarm({ bootstrap: parseBootstrap(bootstrap), host: '127.0.0.1', server: true })
  t.teardown(() => destroySwarm(swarm))
  const other = deriveVaultKeys(generateVaultKey()).signing
  let sent = 0
  swarm.on('connection', (conn: Connection) => {
    conn.on('error', () => {})
    const peer: Peer = new Peer(conn, {
      onVaults (p) { if (p.proves(keys.seedKey)) p.announce([keys.seedKey]) },
      onReceipt () {},
      onRoster (_id, entries) {
        for (const e of entries) {
          const core = e.subarray(1, 33)
          const good = { seeder: swarm.keyPair.publicKey, core, length: 1000, treeHash: Buffer.alloc(32), time: Date.now() }
          const bad = Buffer.from(signReceipt(good, swarm.keyPair.secretKey))
          bad[bad.byteLength - 1] ^= 1 // broken signature
          peer.receipt(bad)
          peer.receipt(signReceipt({ ...good, seeder: other.publicKey }, other.secretKey)) // valid, but not signed by this peer
          peer.receipt(signReceipt(good, swarm.keyPair.secretKey)) // its own, but a length and tree hash this device never had
          sent += 3
        }
      }
    })
  })
  await swarm.join(vaultTopic(keys.seedKey), { server: true, client: false }).flushed()
  const r = await cli(home, ['sync', '--replicas', '1', '--timeout', '5'], { env: { P2VAULT_BOOTSTRAP: bootstrap } })
  t.ok(sent >= 2, `${sent} forged receipts sent`)
  t.is(r.code, 1, 'sync fails: no valid receipt')
  t.ok(/only 0 of 1 seeders confirmed/.test(r.stderr), r.stderr.trim())
})

test('a client sends its roster (core keys) only to a peer that proves it holds the seed key', async (t) => {
  const dir = tmpdir(t)
  const bootstrap = await testnet(t)
  const home = path.join(dir, 'A')
  const { vaultKey } = await cliJson(home, ['init'])
  const keys = deriveVaultKeys(parseVaultKey(vaultKey))
  // A peer that found the topic (as a DHT node storing it would) but has no seed key.
  const swarm = createSwarm({ bootstrap: parseBootstrap(bootstrap), host: '127.0.0.1', server: true })
  t.teardown(() => destroySwarm(swarm))
  let connected = 0
  let rosters = 0
  swarm.on('connection', (conn: Connection) => {
    conn.on('error', () => {})
    connected++
    const peer = new Peer(conn, { onVaults () {}, onRoster () { rosters++ }, onReceipt () {} })
    peer.announce([randomKey()]) // a guess, not the seed key
  })
  await swarm.join(vaultTopic(keys.seedKey), { server: true, client: false }).flushed()
  const r = await cli(home, ['sync', '--replicas', '1', '--timeout', '3'], { env: { P2VAULT_BOOTSTRAP: bootstrap } })
  t.is(r.code, 1)
  t.ok(connected >= 1, 'the client did connect to the peer on the topic')
  t.is(rosters, 0, 'it sent that peer no roster entry')
})
