// The README's first command: the whole local story end to end, in a temporary home, with
// the real CLI. Exits non-zero if any pulled version differs from what was pushed.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { manifest, compareManifests } from '../test/helpers/tree.js'
import { writeSeededFile } from '../test/helpers/index.js'

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.js')
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'p2vault-demo-'))
const home = path.join(work, 'home')
const src = path.join(work, 'documents')

function p2vault (...args: string[]): string {
  console.log(`\n$ p2vault ${args.join(' ')}`)
  const r = spawnSync(process.execPath, [CLI, '--home', home, ...args], { encoding: 'utf8', env: { ...process.env, P2VAULT_NO_PUBLIC_DHT: '1' } })
  process.stdout.write(r.stdout.replace(/^(vault key: p2vk_).*/m, '$1… (hidden in the demo)'))
  process.stderr.write(r.stderr)
  if (r.status !== 0) throw new Error(`p2vault ${args[0]} exited ${r.status}`)
  return r.stdout
}

function check (label: string, want: ReturnType<typeof manifest>, dir: string): void {
  const diffs = compareManifests(want, manifest(dir))
  if (diffs.length > 0) throw new Error(`${label} differs:\n${diffs.join('\n')}`)
  console.log(`check: ${label} is identical to what was pushed (${Object.keys(want).length} paths)`)
}

try {
  fs.mkdirSync(path.join(src, 'photos'), { recursive: true })
  fs.writeFileSync(path.join(src, 'notes.txt'), 'Shopping list\n- milk\n- bread\n'.repeat(200))
  writeSeededFile(path.join(src, 'photos', 'holiday.raw'), 'demo-photo', 32 * 1024 * 1024)
  fs.symlinkSync('photos/holiday.raw', path.join(src, 'latest-photo'))

  p2vault('init', '--name', 'demo')
  const v1 = p2vault('push', src, '--tag', 'first').split('\n')[0].split(' ')[1]
  const want1 = manifest(src)

  fs.appendFileSync(path.join(src, 'notes.txt'), '- coffee\n')
  const fd = fs.openSync(path.join(src, 'photos', 'holiday.raw'), 'r+')
  fs.writeSync(fd, Buffer.alloc(4096, 0xee), 0, 4096, 10 * 1024 * 1024)
  fs.closeSync(fd)
  fs.writeFileSync(path.join(src, 'todo.md'), '# todo\n')
  const v2 = p2vault('push', src).split('\n')[0].split(' ')[1]
  const want2 = manifest(src)

  p2vault('log')
  p2vault('ls', 'latest')
  p2vault('diff', v1.slice(0, 8), v2.slice(0, 8))
  p2vault('pull', v1.slice(0, 8), path.join(work, 'restore-v1'))
  p2vault('pull', 'latest', path.join(work, 'restore-v2'))
  p2vault('verify', '--read-data')

  console.log('\n--- report ---')
  check('version 1', want1, path.join(work, 'restore-v1'))
  check('version 2', want2, path.join(work, 'restore-v2'))
  console.log('demo ok')
} catch (err) {
  console.error(`demo failed: ${(err as Error).message}`)
  process.exitCode = 1
} finally {
  fs.rmSync(work, { recursive: true, force: true })
}
