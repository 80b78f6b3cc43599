import test from 'brittle'
import fs from 'node:fs'
import path from 'node:path'
import { tmpdir, cliJson, writeSeededFile, allFiles } from '../helpers/index.js'
import { manifest, compareManifests } from '../helpers/tree.js'
import { testnet, startSeeder } from '../helpers/net.js'
import { parseVaultKey } from '../../src/index.js'
import { deriveVaultKeys } from '../../src/crypto/keys.js'

const NAME_MARKER = 'SWARMNAMEq3z'
const CONTENT_MARKER = 'SWARMCONTENTk8w'

test('push to two seeders with receipts; another machine joins with the key and pulls any version from the seeders alone', async (t) => {
  const dir = tmpdir(t)
  const bootstrap = await testnet(t)
  const net = { env: { P2VAULT_BOOTSTRAP: bootstrap } }
  const homeA = path.join(dir, 'A')
  const homeB = path.join(dir, 'B')
  const src = path.join(dir, 'src')
  fs.mkdirSync(path.join(src, `dir-${NAME_MARKER}`), { recursive: true })
  fs.writeFileSync(path.join(src, `${NAME_MARKER}.txt`), `${CONTENT_MARKER}\n`.repeat(1000))
  writeSeededFile(path.join(src, `dir-${NAME_MARKER}`, 'big.bin'), 'swarm', 5 * 1024 * 1024)

  const { vaultKey, seedKey } = await cliJson(homeA, ['init'], net)
  const s1 = await startSeeder(t, path.join(dir, 's1'), bootstrap, ['--vault', seedKey])
  const s2 = await startSeeder(t, path.join(dir, 's2'), bootstrap, ['--vault', seedKey])

  const v1 = await cliJson(homeA, ['push', src, '--replicas', '2', '--timeout', '60'], net)
  t.alike(v1.replicas.map((r: { seeder: string }) => r.seeder).sort(), [s1.key, s2.key].sort(), 'receipts from both seeders')
  const want1 = manifest(src)
  fs.appendFileSync(path.join(src, `${NAME_MARKER}.txt`), 'second version\n')
  const v2 = await cliJson(homeA, ['push', src, '--replicas', '2', '--timeout', '60'], net)
  t.is(v2.replicas.length, 2)
  const want2 = manifest(src)

  // Machine A is gone (its CLI processes have exited); B has only the key and the seeders.
  const joined = await cliJson(homeB, ['join', '-'], { ...net, input: vaultKey + '\n' })
  t.is(joined.snapshots, 2, 'B sees both of A\'s snapshots after joining')
  const log = await cliJson(homeB, ['log'], net)
  t.alike(log.map((s: { id: string }) => s.id), [v1.snapshot, v2.snapshot], 'log on B lists A\'s snapshots')
  const out2 = path.join(dir, 'outB-latest')
  await cliJson(homeB, ['pull', 'latest', out2], net)
  t.alike(compareManifests(want2, manifest(out2)), [], 'B pulls the latest snapshot identical')
  const out1 = path.join(dir, 'outB-first')
  await cliJson(homeB, ['pull', v1.snapshot, out1], net)
  t.alike(compareManifests(want1, manifest(out1)), [], 'B pulls the older snapshot identical')

  const copy = path.join(dir, 'copy-on-B')
  fs.cpSync(src, copy, { recursive: true, preserveTimestamps: true })
  const pushedB = await cliJson(homeB, ['push', copy, '--replicas', '2', '--timeout', '60'], net)
  t.is(pushedB.newChunks.data, 0, 'B pushing the same tree stores no new data chunk (dedup across devices)')
  const copy2 = path.join(dir, 'copy-2-on-B')
  fs.cpSync(src, copy2, { recursive: true, preserveTimestamps: true })
  const offline = await cliJson(homeB, ['push', copy2, '--offline'], net)
  t.is(offline.newChunks.data, 0, 'a later offline push on B still dedups against A\'s chunks')

  const logA = await cliJson(homeA, ['log'], net)
  t.ok(logA.some((s: { id: string }) => s.id === pushedB.snapshot), 'A, started again, sees B\'s snapshot')
  const outA = path.join(dir, 'outA-fromB')
  await cliJson(homeA, ['pull', pushedB.snapshot, outA], net)
  t.alike(compareManifests(manifest(copy), manifest(outA)), [], 'A pulls B\'s snapshot identical')

  await s1.stop()
  await s2.stop()
  const keys = deriveVaultKeys(parseVaultKey(vaultKey))
  const needles: Array<[string, Buffer]> = [['name marker', Buffer.from(NAME_MARKER)], ['content marker', Buffer.from(CONTENT_MARKER)], ['vault key string', Buffer.from(vaultKey)]]
  for (const [name, key] of Object.entries({ vault: keys.vaultKey, block: keys.blockKey, chunkId: keys.chunkIdKey, chunker: keys.chunkerKey, snapshotId: keys.snapshotIdKey, signing: keys.signing.secretKey.subarray(0, 32) })) {
    needles.push([`${name} key`, key], [`${name} key (hex)`, Buffer.from(key.toString('hex'))], [`${name} key (base64)`, Buffer.from(key.toString('base64'))])
  }
  const files = [...allFiles(path.join(dir, 's1')), ...allFiles(path.join(dir, 's2'))]
  const found: string[] = []
  for (const f of files) {
    const bytes = fs.readFileSync(f)
    for (const [name, needle] of needles) if (bytes.includes(needle)) found.push(`${name} in ${path.relative(dir, f)}`)
  }
  t.ok(files.length > 10, `${files.length} seeder storage files searched`)
  t.alike(found, [], 'seeders hold no file name, no content and no key material')
})
