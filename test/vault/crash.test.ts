import test from 'brittle'
import fs from 'node:fs'
import path from 'node:path'
import { tmpdir, writeSeededFile, cli, cliJson, allFiles } from '../helpers/index.js'
import { manifest, compareManifests } from '../helpers/tree.js'

/** Bytes in the corestore now; RocksDB deletes files as it goes, so a vanished file counts 0. */
function storedBytes (home: string): number {
  return allFiles(path.join(home, 'corestore')).reduce((n, f) => n + (fs.statSync(f, { throwIfNoEntry: false })?.size ?? 0), 0)
}

test('a push killed with SIGKILL part way leaves earlier snapshots intact; the next push succeeds', async (t) => {
  const dir = tmpdir(t)
  const home = path.join(dir, 'home')
  const src = path.join(dir, 'src')
  fs.mkdirSync(src)
  fs.writeFileSync(path.join(src, 'first.txt'), 'first version\n')
  await cliJson(home, ['init'])
  const first = await cliJson(home, ['push', src])
  const want = manifest(src)

  for (let i = 0; i < 4; i++) writeSeededFile(path.join(src, `big-${i}.bin`), `crash-${i}`, 128 * 1024 * 1024)
  const before = storedBytes(home)
  let pid = 0
  const running = cli(home, ['push', src], { onSpawn: (p) => { pid = p } })
  // Kill once a good part of the new data has reached storage, long before the push ends.
  const deadline = Date.now() + 120000
  while (storedBytes(home) < before + 64 * 1024 * 1024 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 20))
  process.kill(pid, 'SIGKILL')
  const killed = await running
  t.is(killed.signal, 'SIGKILL', 'the push was killed, not finished')

  const log = await cliJson(home, ['log'])
  t.alike(log.map((s: { id: string }) => s.id), [first.snapshot], 'log shows only the complete snapshot')
  const out = path.join(dir, 'out')
  await cliJson(home, ['pull', first.snapshot, out])
  t.alike(compareManifests(want, manifest(out)), [], 'the earlier snapshot pulls back identical')
  t.is((await cli(home, ['verify'])).code, 0, 'verify passes')

  const next = await cliJson(home, ['push', src])
  const total = 4 * 128 * 1024 * 1024
  t.ok(next.bytesNew <= total - 32 * 1024 * 1024, `next push reuses what the killed one stored: ${next.bytesNew} of ${total} bytes new`)
  const out2 = path.join(dir, 'out2')
  await cliJson(home, ['pull', next.snapshot, out2])
  t.alike(compareManifests(manifest(src), manifest(out2)), [], 'the next snapshot pulls back identical')
  t.is((await cli(home, ['verify', '--read-data'])).code, 0, 'verify --read-data passes')
})
