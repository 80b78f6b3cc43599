import test, { type Test } from 'brittle'
import fs from 'node:fs'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { tmpdir, cli, cliJson, CLI } from '../helpers/index.js'
import { Home, Vault, push } from '../../src/index.js'

/** The CLI must answer a user's mistake with one line on stderr, never a stack trace. */
function oneClearLine (t: Test, stderr: string, pattern: RegExp): void {
  t.ok(pattern.test(stderr), `message: ${stderr.trim()}`)
  t.absent(/\n\s+at |internal error/.test(stderr), 'no stack trace')
}

test('mistyped, truncated and wrong-kind keys are refused with exit 1 and say why', async (t) => {
  const dir = tmpdir(t)
  const home = path.join(dir, 'home')
  const { vaultKey, seedKey } = await cliJson(home, ['init'])
  const typo = vaultKey.slice(0, 20) + (vaultKey[20] === 'a' ? 'b' : 'a') + vaultKey.slice(21)
  const cases: Array<[string, string, RegExp]> = [
    ['mistyped', typo, /checksum does not match \(mistyped\?\)/],
    ['truncated', vaultKey.slice(0, -5), /truncated or mistyped/],
    ['seed key', seedKey, /this is a seed key, but a vault key is needed/],
    ['garbage', 'hello', /not a p2vault vault key/]
  ]
  for (const [what, key, pattern] of cases) {
    const r = await cli(home, ['log'], { env: { P2VAULT_KEY: key } })
    t.is(r.code, 1, `${what}: exit 1`)
    oneClearLine(t, r.stderr, pattern)
    t.absent(r.stderr.includes(key), `${what}: the key is not echoed`)
  }
  const keyFile = path.join(dir, 'keyfile')
  fs.writeFileSync(keyFile, seedKey + '\n')
  const r = await cli(home, ['--key-file', keyFile, 'log'])
  t.is(r.code, 1, 'a seed key in --key-file is refused too')
})

test('missing and ambiguous snapshot ids, and usage errors', async (t) => {
  const dir = tmpdir(t)
  const src = path.join(dir, 'src')
  fs.mkdirSync(src)
  fs.writeFileSync(path.join(src, 'f'), 'x')
  const home = path.join(dir, 'home')
  await cliJson(home, ['init'])
  const vault = new Vault(new Home(home), 'default')
  await vault.ready()
  // 17 snapshots: by pigeonhole, two share a first hex digit.
  for (let i = 0; i < 17; i++) await push(vault, src, { time: 1700000000000 + i })
  const ids = (await vault.snapshots()).map(s => s.id)
  await vault.close()
  const first = [...'0123456789abcdef'].find(c => ids.filter(id => id.startsWith(c)).length >= 2)!

  const amb = await cli(home, ['ls', first])
  t.is(amb.code, 1, 'ambiguous prefix: exit 1')
  oneClearLine(t, amb.stderr, new RegExp(`prefix "${first}" matches \\d+ snapshots`))
  const none = await cli(home, ['pull', 'deadbeefdeadbeef', path.join(dir, 'out')])
  t.is(none.code, 1, 'missing snapshot: exit 1')
  oneClearLine(t, none.stderr, /no snapshot matches "deadbeefdeadbeef"/)
  t.absent(fs.existsSync(path.join(dir, 'out')), 'nothing created for a missing snapshot')

  const usage = await cli(home, ['pull', 'latest'])
  t.is(usage.code, 2, 'missing argument: exit 2')
  oneClearLine(t, usage.stderr, /missing DEST/)
  const flag = await cli(home, ['push', src, '--frobnicate'])
  t.is(flag.code, 2, 'unknown option: exit 2')
  const noVault = await cli(path.join(dir, 'empty-home'), ['log'])
  t.is(noVault.code, 1, 'no vault: exit 1')
  oneClearLine(t, noVault.stderr, /no vault in .*p2vault init/)
})

test('a nonexistent push path is refused and nothing is appended', async (t) => {
  const dir = tmpdir(t)
  const home = path.join(dir, 'home')
  await cliJson(home, ['init'])
  const r = await cli(home, ['push', path.join(dir, 'does-not-exist')])
  t.is(r.code, 1)
  oneClearLine(t, r.stderr, /path does not exist: .*does-not-exist/)
  t.alike(await cliJson(home, ['log']), [], 'no snapshot')
})

const NOBODY = 65534
const asRoot = process.getuid?.() === 0

/** Runs the CLI as an unprivileged user when we are root, so that permissions bite. */
function cliAsUser (home: string, args: string[]): Promise<{ code: number | null, stdout: string, stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--home', home, ...args], {
      env: { ...process.env, P2VAULT_NO_PUBLIC_DHT: '1' },
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {})
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => { stdout += d })
    child.stderr.on('data', (d) => { stderr += d })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** A temp tree the unprivileged user owns (a root-owned mkdtemp is 0700). */
function userTree (t: Test): string {
  const dir = tmpdir(t)
  fs.chmodSync(dir, 0o755)
  return dir
}

function chownAll (p: string): void {
  if (!asRoot) return
  fs.chownSync(p, NOBODY, NOBODY)
  if (fs.lstatSync(p).isDirectory()) for (const n of fs.readdirSync(p)) chownAll(path.join(p, n))
}

test('an unreadable file is skipped with a warning and reported; the push goes on', async (t) => {
  const dir = userTree(t)
  const src = path.join(dir, 'src')
  const home = path.join(dir, 'home')
  fs.mkdirSync(src)
  fs.writeFileSync(path.join(src, 'ok.txt'), 'readable')
  fs.writeFileSync(path.join(src, 'locked.txt'), 'unreadable')
  chownAll(dir)
  fs.chmodSync(path.join(src, 'locked.txt'), 0o000)
  t.is((await cliAsUser(home, ['init'])).code, 0)
  const r = await cliAsUser(home, ['--json', 'push', src])
  t.is(r.code, 0, 'push completes')
  const out = JSON.parse(r.stdout)
  t.is(out.files, 1, 'the readable file is in the snapshot')
  t.alike(out.warnings.map((w: { path: string }) => w.path), ['locked.txt'], 'the skipped file is reported')
  t.ok(/warning: locked.txt: cannot read: EACCES/.test(r.stderr), r.stderr.trim())
  const ls = JSON.parse((await cliAsUser(home, ['--json', 'ls', 'latest'])).stdout)
  t.alike(ls.map((e: { path: string }) => e.path), ['ok.txt'])
})

test('a destination that cannot be written is refused with one clear line', async (t) => {
  const dir = userTree(t)
  const src = path.join(dir, 'src')
  const home = path.join(dir, 'home')
  fs.mkdirSync(src)
  fs.writeFileSync(path.join(src, 'f.txt'), 'data')
  chownAll(dir)
  t.is((await cliAsUser(home, ['init'])).code, 0)
  t.is((await cliAsUser(home, ['push', src])).code, 0)
  const locked = path.join(dir, 'locked')
  fs.mkdirSync(locked, { mode: 0o555 })
  fs.chmodSync(locked, 0o555)
  const r = await cliAsUser(home, ['pull', 'latest', path.join(locked, 'dest')])
  t.is(r.code, 1)
  oneClearLine(t, r.stderr, /cannot write to destination .*locked\/dest: EACCES/)
  const onFile = await cliAsUser(home, ['pull', 'latest', path.join(src, 'f.txt', 'sub')])
  t.is(onFile.code, 1, 'a destination below a file is refused too')
  oneClearLine(t, onFile.stderr, /cannot write to destination .*ENOTDIR/)
  t.is(fs.readFileSync(path.join(src, 'f.txt'), 'utf8'), 'data', 'the file in the way is untouched')
})

test('a file name that is not valid UTF-8 is skipped with a warning; the snapshot stays readable', async (t) => {
  const dir = tmpdir(t)
  const home = path.join(dir, 'home')
  const src = path.join(dir, 'src')
  fs.mkdirSync(src)
  fs.writeFileSync(Buffer.concat([Buffer.from(src + '/'), Buffer.from([0x62, 0xff, 0x61])]), 'latin-1 name')
  fs.writeFileSync(path.join(src, 'b\ufffda'), 'a real replacement character')
  fs.writeFileSync(path.join(src, 'ok.txt'), 'fine')
  await cliJson(home, ['init'])
  const r = await cliJson(home, ['push', src])
  t.is(r.files, 2, 'the two valid names are stored')
  t.is(r.warnings.length, 1, 'the invalid name is reported')
  t.ok(/not valid UTF-8/.test(r.warnings[0].message), r.warnings[0].message)
  const out = path.join(dir, 'out')
  await cliJson(home, ['pull', 'latest', out])
  t.is(fs.readFileSync(path.join(out, 'b\ufffda'), 'utf8'), 'a real replacement character', 'the file really named so keeps its own content')
  t.is((await cli(home, ['verify'])).code, 0, 'verify passes')
})
