import test from 'brittle'
import fs from 'node:fs'
import path from 'node:path'
import { tmpdir, cli, cliJson, writeSeededFile } from '../helpers/index.js'
import { manifest, compareManifests } from '../helpers/tree.js'
import { testnet, startSeeder } from '../helpers/net.js'

test('a seeder killed with SIGKILL during replication resumes after a restart and sends its receipt; meanwhile pulls work from the other', async (t) => {
  const dir = tmpdir(t)
  const bootstrap = await testnet(t)
  const net = { env: { P2VAULT_BOOTSTRAP: bootstrap } }
  const homeA = path.join(dir, 'A')
  const src = path.join(dir, 'src')
  fs.mkdirSync(src)
  writeSeededFile(path.join(src, 'big.bin'), 'seeder-crash', 96 * 1024 * 1024)
  const { vaultKey, seedKey } = await cliJson(homeA, ['init'])
  const s1dir = path.join(dir, 's1')
  const s1 = await startSeeder(t, s1dir, bootstrap, ['--vault', seedKey])
  const s2 = await startSeeder(t, path.join(dir, 's2'), bootstrap, ['--vault', seedKey])
  await cliJson(homeA, ['seeders', 'add', s1.key])
  await cliJson(homeA, ['seeders', 'add', s2.key])

  const pushing = cli(homeA, ['--json', 'push', src, '--replicas', '2', '--timeout', '180'], net)
  // Kill s1 once it has part of the data core (more blocks than a meta core would have).
  const partial = await s1.waitFor(/"event":"stored".*"length":([2-9]\d|\d{3,})/, 120000)
  await s1.stop('SIGKILL')
  const killedAt = Number(/"length":(\d+)/.exec(partial)![1])
  t.ok(killedAt > 10, `s1 killed after storing ${killedAt} blocks of a core`)

  await s2.waitFor(/"event":"stored".*"length":(1[5-9]\d\d|[2-9]\d\d\d)/, 120000) // s2 has (nearly) all ~1650 blocks
  const homeB = path.join(dir, 'B')
  const pullNet = { env: { P2VAULT_BOOTSTRAP: bootstrap } }
  let pulled = false
  for (let attempt = 0; attempt < 20 && !pulled; attempt++) {
    // The snapshot record lands just after the data; until then B may see no snapshot yet.
    if (!fs.existsSync(homeB)) await cliJson(homeB, ['join', '-'], { ...pullNet, input: vaultKey })
    const log = await cliJson(homeB, ['log'], pullNet)
    if (log.length === 0) { await new Promise(resolve => setTimeout(resolve, 500)); continue }
    const out = path.join(dir, 'outB')
    await cliJson(homeB, ['pull', 'latest', out], pullNet)
    t.alike(compareManifests(manifest(src), manifest(out)), [], 'B pulls from s2 while s1 is down')
    pulled = true
  }
  t.ok(pulled, 'B could pull while s1 was down')

  const s1again = await startSeeder(t, s1dir, bootstrap)
  t.is(s1again.key, s1.key, 'the restarted seeder keeps its identity')
  const r = await pushing
  t.is(r.code, 0, 'the push gets both receipts: ' + r.stderr)
  const out = JSON.parse(r.stdout)
  t.alike(out.replicas.map((x: { seeder: string }) => x.seeder).sort(), [s1.key, s2.key].sort(), 'receipts from both, s1 after its restart')
})
