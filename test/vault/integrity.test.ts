import test, { type Test } from 'brittle'
import fs from 'node:fs'
import path from 'node:path'
import { tmpdir, seededBytes, cli, cliJson } from '../helpers/index.js'
import { flipBitInStoredBlock, craftSnapshot, storeRecordAs, fileEntry } from '../helpers/storage.js'
import { Home, Vault } from '../../src/index.js'

async function openVault (t: Test, home: string): Promise<Vault> {
  const vault = new Vault(new Home(home), 'default')
  await vault.ready()
  t.teardown(() => vault.close())
  return vault
}

/** A destination that already holds a good copy: a failed pull must leave it exactly so. */
function goodDestination (dir: string, name: string): string {
  const dest = path.join(dir, 'dest')
  fs.mkdirSync(dest, { recursive: true })
  fs.writeFileSync(path.join(dest, name), 'the good old copy')
  return dest
}

function assertUntouched (t: Test, dest: string, name: string): void {
  t.is(fs.readFileSync(path.join(dest, name), 'utf8'), 'the good old copy', 'destination file untouched')
  t.alike(fs.readdirSync(dest).filter(n => n.startsWith('.p2vault-')), [], 'no temporary file left behind')
}

test('a flipped bit in a sealed data block: pull exits 3 naming the block, destination file untouched', async (t) => {
  const dir = tmpdir(t)
  const home = path.join(dir, 'home')
  const src = path.join(dir, 'src')
  fs.mkdirSync(src)
  fs.writeFileSync(path.join(src, 'data.bin'), seededBytes('tamper', 300000))
  await cliJson(home, ['init'])
  const snap = await cliJson(home, ['push', src])

  const vault = new Vault(new Home(home), 'default')
  await vault.ready()
  const sealed = await vault.dataCore.get(1, { wait: false })
  await vault.close()
  t.ok(sealed !== null)
  t.ok(await flipBitInStoredBlock(path.join(home, 'corestore'), sealed!, 8 * 1000 + 3), 'block found and altered in storage')

  const dest = goodDestination(dir, 'data.bin')
  const r = await cli(home, ['pull', snap.snapshot, dest])
  t.is(r.code, 3, 'integrity failure exit code')
  t.ok(/data core [0-9a-f]{8} block 1 failed authentication/.test(r.stderr), `names what failed: ${r.stderr.trim()}`)
  t.absent(/\n\s+at /.test(r.stderr), 'no stack trace')
  assertUntouched(t, dest, 'data.bin')

  const v = await cli(home, ['verify', '--read-data'])
  t.is(v.code, 3, 'verify --read-data finds it too')
})

test('a wrong vault key is refused with exit code 3 before anything is read', async (t) => {
  const dir = tmpdir(t)
  const home = path.join(dir, 'home')
  const other = path.join(dir, 'other')
  await cliJson(home, ['init'])
  const { vaultKey } = await cliJson(other, ['init'])
  const r = await cli(home, ['log'], { env: { P2VAULT_KEY: vaultKey } })
  t.is(r.code, 3)
  t.ok(/vault key does not belong to vault "default"/.test(r.stderr), r.stderr.trim())
  t.absent(r.stderr.includes(vaultKey), 'the key is not echoed')
})

test('a chunk stored under another chunk id is detected: exit 3, nothing written in its place', async (t) => {
  const dir = tmpdir(t)
  const home = path.join(dir, 'home')
  await cliJson(home, ['init'])
  const vault = await openVault(t, home)
  const data = seededBytes('real content', 5000)
  const claimed = vault.chunks.id(Buffer.from('some other content'))
  const ref = await storeRecordAs(vault, data, claimed)
  const snapshot = await craftSnapshot(vault, [fileEntry('victim.txt', [ref], data.byteLength)])
  await vault.close()

  const dest = goodDestination(dir, 'victim.txt')
  const r = await cli(home, ['pull', snapshot, dest])
  t.is(r.code, 3)
  t.ok(/data chunk [0-9a-f]{12}: content does not match its chunk id/.test(r.stderr), r.stderr.trim())
  assertUntouched(t, dest, 'victim.txt')
})

test('tree names with .. or / are refused on pull, and nothing is written outside the destination', async (t) => {
  const dir = tmpdir(t)
  const home = path.join(dir, 'home')
  await cliJson(home, ['init'])
  const vault = await openVault(t, home)
  const data = Buffer.from('pwned')
  const ref = await storeRecordAs(vault, data, vault.chunks.id(data)) // its own id: a valid chunk
  const dotdot = await craftSnapshot(vault, [fileEntry('..', [ref], 5)])
  const slash = await craftSnapshot(vault, [fileEntry('a/../../escape.txt', [ref], 5)])
  await vault.close()

  for (const [snapshot, name] of [[dotdot, '..'], [slash, 'a/../../escape.txt']]) {
    const dest = path.join(dir, 'dest', 'inner')
    const r = await cli(home, ['pull', snapshot, dest])
    t.is(r.code, 3, `exit code for ${name}`)
    t.ok(r.stderr.includes(`refusing unsafe name in tree: ${JSON.stringify(name)}`), r.stderr.trim())
  }
  t.absent(fs.existsSync(path.join(dir, 'escape.txt')), 'nothing escaped the destination')
  t.absent(fs.existsSync(path.join(dir, 'dest', 'escape.txt')), 'nothing escaped the destination')
})
