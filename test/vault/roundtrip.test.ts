import test from 'brittle'
import fs from 'node:fs'
import path from 'node:path'
import { tmpdir, writeSeededFile, seededBytes, cli, cliJson } from '../helpers/index.js'
import { manifest, compareManifests } from '../helpers/tree.js'

/** A tree with every kind of thing a pull must reproduce exactly. */
function makeTree (root: string): void {
  fs.mkdirSync(path.join(root, 'deep/er/still/deeper'), { recursive: true })
  fs.writeFileSync(path.join(root, 'empty'), '')
  fs.writeFileSync(path.join(root, 'one-byte'), 'x')
  writeSeededFile(path.join(root, 'big.bin'), 'roundtrip-big', 100 * 1000 * 1000)
  fs.writeFileSync(path.join(root, 'deep/er/text.txt'), 'hello\n'.repeat(10000))
  fs.writeFileSync(path.join(root, 'deep/er/still/deeper/small.bin'), seededBytes('small', 70000))
  fs.writeFileSync(path.join(root, 'ünïcødé 名前 🚀.txt'), 'unicode name\n')
  fs.mkdirSync(path.join(root, 'empty-dir'))
  fs.symlinkSync('deep/er/text.txt', path.join(root, 'link-to-text'))
  fs.symlinkSync('/nonexistent/target', path.join(root, 'dangling'))
  fs.symlinkSync('deep', path.join(root, 'link-to-dir'))
  fs.writeFileSync(path.join(root, 'script.sh'), '#!/bin/sh\necho hi\n')
  fs.chmodSync(path.join(root, 'script.sh'), 0o755)
  fs.writeFileSync(path.join(root, 'secret'), 'private')
  fs.chmodSync(path.join(root, 'secret'), 0o600)
  fs.writeFileSync(path.join(root, 'setgid-ish'), 'odd mode')
  fs.chmodSync(path.join(root, 'setgid-ish'), 0o2741)
  fs.chmodSync(path.join(root, 'deep/er'), 0o750)
  const times: Array<[string, number]> = [['empty', 1000000000.5], ['one-byte', 1500000000.123456], ['deep/er/text.txt', 86400], ['big.bin', 1700000000]]
  for (const [p, s] of times) fs.utimesSync(path.join(root, p), s, s)
  fs.lutimesSync(path.join(root, 'link-to-text'), 1600000000, 1600000000)
  fs.utimesSync(path.join(root, 'deep/er/still'), 1234567890, 1234567890)
}

test('round trip: a varied tree pulls back identical, and an older snapshot still does after newer pushes', async (t) => {
  const dir = tmpdir(t)
  const home = path.join(dir, 'home')
  const src = path.join(dir, 'src')
  makeTree(src)
  await cliJson(home, ['init'])
  const first = await cliJson(home, ['push', src])
  const want1 = manifest(src)

  const out1 = path.join(dir, 'out1')
  const pulled = await cliJson(home, ['pull', first.snapshot, out1])
  t.is(pulled.files, Object.values(want1).filter(e => e.type === 'file').length, 'pull counts every file')
  t.alike(compareManifests(want1, manifest(out1)), [], 'first snapshot identical: contents, modes, mtimes, symlinks')

  fs.appendFileSync(path.join(src, 'deep/er/text.txt'), 'changed\n')
  fs.rmSync(path.join(src, 'one-byte'))
  fs.writeFileSync(path.join(src, 'new-file'), 'new')
  fs.rmSync(path.join(src, 'dangling'))
  fs.symlinkSync('elsewhere', path.join(src, 'dangling'))
  const second = await cliJson(home, ['push', src])
  t.not(second.snapshot, first.snapshot)
  const want2 = manifest(src)

  const out2 = path.join(dir, 'out2')
  await cliJson(home, ['pull', 'latest', out2])
  t.alike(compareManifests(want2, manifest(out2)), [], 'latest snapshot identical')

  const out1again = path.join(dir, 'out1-again')
  await cliJson(home, ['pull', first.snapshot.slice(0, 10), out1again])
  t.alike(compareManifests(want1, manifest(out1again)), [], 'older snapshot, by id prefix, still identical after a newer push')

  const log = await cliJson(home, ['log'])
  t.alike(log.map((s: { id: string }) => s.id), [first.snapshot, second.snapshot], 'log lists both, oldest first')
  const v = await cli(home, ['verify', '--read-data'])
  t.is(v.code, 0, 'verify --read-data passes: ' + v.stderr)
})

test('pull --include restores only the named paths', async (t) => {
  const dir = tmpdir(t)
  const home = path.join(dir, 'home')
  const src = path.join(dir, 'src')
  fs.mkdirSync(path.join(src, 'a/b'), { recursive: true })
  fs.mkdirSync(path.join(src, 'c'))
  fs.writeFileSync(path.join(src, 'a/b/one.txt'), 'one')
  fs.writeFileSync(path.join(src, 'a/two.txt'), 'two')
  fs.writeFileSync(path.join(src, 'c/three.txt'), 'three')
  await cliJson(home, ['init'])
  await cliJson(home, ['push', src])
  const out = path.join(dir, 'out')
  const r = await cliJson(home, ['pull', 'latest', out, '--include', 'a/b'])
  t.is(r.files, 1)
  t.is(fs.readFileSync(path.join(out, 'a/b/one.txt'), 'utf8'), 'one')
  t.absent(fs.existsSync(path.join(out, 'a/two.txt')), 'sibling file not restored')
  t.absent(fs.existsSync(path.join(out, 'c')), 'other directory not restored')
  const missing = await cli(home, ['pull', 'latest', out, '--include', 'nope'])
  t.is(missing.code, 1)
  t.ok(/not in snapshot: nope/.test(missing.stderr), missing.stderr)
})

test('ls lists a snapshot and diff names added, removed and modified paths', async (t) => {
  const dir = tmpdir(t)
  const home = path.join(dir, 'home')
  const src = path.join(dir, 'src')
  fs.mkdirSync(path.join(src, 'sub'), { recursive: true })
  fs.writeFileSync(path.join(src, 'keep.txt'), 'same')
  fs.writeFileSync(path.join(src, 'edit.txt'), 'before')
  fs.writeFileSync(path.join(src, 'sub/gone.txt'), 'bye')
  await cliJson(home, ['init'])
  const a = await cliJson(home, ['push', src])
  fs.writeFileSync(path.join(src, 'edit.txt'), 'after!')
  fs.rmSync(path.join(src, 'sub/gone.txt'))
  fs.mkdirSync(path.join(src, 'added-dir'))
  fs.writeFileSync(path.join(src, 'added-dir/new.txt'), 'new')
  const b = await cliJson(home, ['push', src])

  const listing = await cliJson(home, ['ls', a.snapshot])
  t.alike(listing.map((e: { path: string }) => e.path), ['edit.txt', 'keep.txt', 'sub', 'sub/gone.txt'])
  const sub = await cliJson(home, ['ls', b.snapshot, 'added-dir'])
  t.alike(sub.map((e: { path: string }) => e.path), ['added-dir', 'added-dir/new.txt'])

  const d = await cliJson(home, ['diff', a.snapshot, b.snapshot])
  t.alike(d, { added: ['added-dir/', 'added-dir/new.txt'], removed: ['sub/gone.txt'], modified: ['edit.txt'] })
})
