import test from 'brittle'
import fs from 'node:fs'
import path from 'node:path'
import { tmpdir, writeSeededFile, seededBytes, cli, cliJson, allFiles } from '../helpers/index.js'
import { Home, Vault } from '../../src/index.js'
import { Chunker } from '../../src/chunker/fastcdc.js'
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

test('a chunk index that knows a longer data core than the one on disk is dropped and rebuilt', async (t) => {
  const dir = tmpdir(t)
  const home = path.join(dir, 'home')
  const src = path.join(dir, 'src')
  fs.mkdirSync(src)
  fs.writeFileSync(path.join(src, 'first.txt'), 'first')
  await cliJson(home, ['init'])
  await cliJson(home, ['push', src])

  // What a core that lost a tail looks like to the index: entries at offsets the core has
  // (or will have again) but holding other bytes, recorded against a longer core.
  const newData = seededBytes('new', 100000)
  const vault = new Vault(new Home(home), 'default')
  await vault.ready()
  const chunks = new Chunker(vault.gear, vault.config.chunker)
  const stale = [...chunks.push(newData), ...chunks.end()].map(c => ({ id: vault.chunks.id(c), core: vault.dataCore.key, offset: 0, length: 100, size: c.byteLength }))
  await vault.index.putAll(stale, { core: vault.dataCore.key, length: vault.dataCore.length + 10 })
  await vault.close()

  fs.writeFileSync(path.join(src, 'new.bin'), newData)
  const r = await cliJson(home, ['push', src])
  t.ok(r.newChunks.data >= stale.length, `the new file's chunks are stored, not taken from the stale index (${r.newChunks.data} new)`)
  const out = path.join(dir, 'out')
  await cliJson(home, ['pull', r.snapshot, out])
  t.alike(compareManifests(manifest(src), manifest(out)), [], 'the new snapshot pulls back identical')
  t.is((await cli(home, ['verify', '--read-data'])).code, 0, 'verify --read-data passes')
})

test('a corestore copied to another place is refused with one clear line', async (t) => {
  const dir = tmpdir(t)
  const home = path.join(dir, 'home')
  await cliJson(home, ['init'])
  fs.cpSync(path.join(home, 'corestore'), path.join(dir, 'copy'), { recursive: true })
  fs.rmSync(path.join(home, 'corestore'), { recursive: true })
  fs.renameSync(path.join(dir, 'copy'), path.join(home, 'corestore'))
  const r = await cli(home, ['log'])
  t.is(r.code, 1)
  t.ok(/corestore in .* was copied or moved/.test(r.stderr), r.stderr.trim())
  t.absent(/internal error/.test(r.stderr), 'not reported as an internal error')
})
