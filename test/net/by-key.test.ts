import test from 'brittle'
import fs from 'node:fs'
import path from 'node:path'
import { tmpdir, cli, cliJson, writeSeededFile } from '../helpers/index.js'
import { manifest, compareManifests } from '../helpers/tree.js'
import { testnet, startSeeder } from '../helpers/net.js'

test('with topic announcing off, seeders are reached by key alone: A adds them, B joins with an invite', async (t) => {
  const dir = tmpdir(t)
  const bootstrap = await testnet(t)
  const net = { env: { P2VAULT_BOOTSTRAP: bootstrap } }
  const homeA = path.join(dir, 'A')
  const homeB = path.join(dir, 'B')
  const src = path.join(dir, 'src')
  fs.mkdirSync(src)
  writeSeededFile(path.join(src, 'data.bin'), 'by-key', 2 * 1024 * 1024)
  fs.writeFileSync(path.join(src, 'note.txt'), 'by key only\n')
  const { seedKey } = await cliJson(homeA, ['init'])
  const s1 = await startSeeder(t, path.join(dir, 's1'), bootstrap, ['--vault', seedKey, '--announce-limit', '0'])
  const s2 = await startSeeder(t, path.join(dir, 's2'), bootstrap, ['--vault', seedKey, '--announce-limit', '0'])
  t.ok(s1.lines.some(l => l.includes('"announced":false')), 'seeder does not announce the vault topic')

  await cliJson(homeA, ['seeders', 'add', s1.key])
  const listed = await cliJson(homeA, ['seeders', 'add', s2.key])
  t.is(listed.seeders.length, 2)
  const pushed = await cliJson(homeA, ['push', src, '--replicas', '2', '--timeout', '60'], net)
  t.alike(pushed.replicas.map((r: { seeder: string }) => r.seeder).sort(), [s1.key, s2.key].sort(), 'both seeders confirmed, reached by key')

  const { invite } = await cliJson(homeA, ['key', '--invite'])
  t.ok(invite.startsWith('p2vi_'), 'an invite string')
  const joined = await cliJson(homeB, ['join', '-'], { ...net, input: invite })
  t.is(joined.snapshots, 1, 'B finds the seeders from the invite and sees the snapshot')
  t.alike((await cliJson(homeB, ['seeders', 'list'])).seeders.sort(), [s1.key, s2.key].sort(), 'the invite\'s seeders are kept')
  const out = path.join(dir, 'out')
  await cliJson(homeB, ['pull', 'latest', out], net)
  t.alike(compareManifests(manifest(src), manifest(out)), [], 'B pulls it identical')
})

test('a push made with --offline replicates on a later sync --replicas 1', async (t) => {
  const dir = tmpdir(t)
  const bootstrap = await testnet(t)
  const net = { env: { P2VAULT_BOOTSTRAP: bootstrap } }
  const home = path.join(dir, 'A')
  const src = path.join(dir, 'src')
  fs.mkdirSync(src)
  writeSeededFile(path.join(src, 'data.bin'), 'offline', 1024 * 1024)
  const { seedKey } = await cliJson(home, ['init'])
  const seeder = await startSeeder(t, path.join(dir, 's1'), bootstrap, ['--vault', seedKey])
  const pushed = await cliJson(home, ['push', src, '--offline'], net)
  t.alike(pushed.replicas, [], 'nothing replicated while offline')
  t.absent(seeder.lines.some(l => l.includes('"event":"stored"') && !l.includes('"length":0')), 'the seeder has stored nothing')
  const synced = await cliJson(home, ['sync', '--replicas', '1', '--timeout', '60'], net)
  t.alike(synced.replicas.map((r: { seeder: string }) => r.seeder), [seeder.key], 'sync gets the receipt')
  await seeder.waitFor(/"event":"stored"/)
  const status = await cliJson(home, ['status'], net)
  t.alike(status.seeders, [seeder.key], 'status names the seeder')
  t.ok(status.cores.length === 2 && status.cores.every((c: { local: number, replicated: Record<string, number> }) => c.replicated[seeder.key] === c.local), 'status: every core fully replicated on it')
})

test('a seeder over its storage quota stops taking new blocks, says so, and keeps what it has', async (t) => {
  const dir = tmpdir(t)
  const bootstrap = await testnet(t)
  const net = { env: { P2VAULT_BOOTSTRAP: bootstrap } }
  const home = path.join(dir, 'A')
  const src = path.join(dir, 'src')
  fs.mkdirSync(src)
  writeSeededFile(path.join(src, 'data.bin'), 'quota', 8 * 1024 * 1024)
  const { seedKey } = await cliJson(home, ['init'])
  const seeder = await startSeeder(t, path.join(dir, 's1'), bootstrap, ['--vault', seedKey, '--max-bytes', '1000000'])
  const r = await cli(home, ['push', src, '--replicas', '1', '--timeout', '8'], net)
  t.is(r.code, 1, 'the push does not get a receipt for all of it')
  t.ok(/only 0 of 1 seeders confirmed/.test(r.stderr), r.stderr.trim())
  const over = await seeder.waitFor(/"event":"over-quota"/)
  t.ok(/no new blocks are accepted; nothing is evicted/.test(over), over)
  const stored = seeder.lines.filter(l => l.includes('"event":"stored"')).map(l => Number(/"length":(\d+)/.exec(l)![1]))
  const most = Math.max(...stored)
  t.ok(most * 65536 < 4 * 1024 * 1024, `at most ${most} blocks of 64 KiB stored for a 1 MB quota (8 MiB pushed)`)
})

test('a running seeder picks up a vault added with `seeder add` within seconds, and drops a removed one', async (t) => {
  const dir = tmpdir(t)
  const bootstrap = await testnet(t)
  const storage = path.join(dir, 's1')
  const seeder = await startSeeder(t, storage, bootstrap)
  const { seedKey } = await cliJson(path.join(dir, 'A'), ['init'])
  const added = await cliJson(dir, ['seeder', 'add', seedKey, '--storage', storage])
  t.is(added.added, seedKey)
  await seeder.waitFor(new RegExp(`"event":"vault-added","seedKey":"${seedKey}"`), 10000)
  t.alike((await cliJson(dir, ['seeder', 'list', '--storage', storage])).vaults, [seedKey])
  await cliJson(dir, ['seeder', 'remove', seedKey, '--storage', storage])
  await seeder.waitFor(/"event":"vault-removed"/, 10000)
  t.pass('removal picked up')
})
