// The README's first command: the whole story on loopback, with the real CLI in real
// processes: a local DHT, two blind seeders, machine A pushing two versions with receipts
// from both, then machine B joining with the vault key alone and pulling both versions
// from the seeders. Exits non-zero if anything pulled differs from what was pushed.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { manifest, compareManifests } from '../test/helpers/tree.js'
import { writeSeededFile } from '../test/helpers/index.js'

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.js')
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'p2vault-demo-'))
const env: NodeJS.ProcessEnv = { ...process.env, P2VAULT_NO_PUBLIC_DHT: '1' }
const daemons: ChildProcess[] = []

function p2vault (home: string, args: string[], opts: { input?: string, quiet?: boolean } = {}): string {
  console.log(`\n[${path.basename(home)}] $ p2vault ${args.join(' ')}`)
  const r = spawnSync(process.execPath, [CLI, '--home', home, ...args], { encoding: 'utf8', env, input: opts.input })
  if (opts.quiet !== true) process.stdout.write(r.stdout.replace(/p2vk_[a-z2-7]+/g, 'p2vk_… (secret, hidden in the demo)'))
  process.stderr.write(r.stderr)
  if (r.status !== 0) throw new Error(`p2vault ${args[0]} exited ${r.status}`)
  return r.stdout
}

/** Starts a long-running CLI process and resolves with the first line matching `ready`. */
function daemon (args: string[], ready: RegExp): Promise<string> {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] })
  daemons.push(child)
  return new Promise((resolve, reject) => {
    const lines: string[] = []
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line)
      if (ready.test(line)) resolve(lines.find(l => /^(seeder|bootstrap) /.test(l)) ?? line)
    })
    child.once('exit', (code) => reject(new Error(`p2vault ${args[0]} exited ${code}`)))
  })
}

function check (label: string, want: ReturnType<typeof manifest>, dir: string): void {
  const diffs = compareManifests(want, manifest(dir))
  if (diffs.length > 0) throw new Error(`${label} differs:\n${diffs.join('\n')}`)
  console.log(`check: ${label} pulled on B is identical to what A pushed (${Object.keys(want).length} paths)`)
}

async function main (): Promise<void> {
  const bootstrap = (await daemon(['testnet'], /^bootstrap /)).split(' ')[1]
  console.log(`local DHT on ${bootstrap} (loopback only)`)
  env.P2VAULT_BOOTSTRAP = bootstrap
  const homeA = path.join(work, 'machine-A')
  const homeB = path.join(work, 'machine-B')
  const src = path.join(work, 'documents')
  fs.mkdirSync(path.join(src, 'photos'), { recursive: true })
  fs.writeFileSync(path.join(src, 'notes.txt'), 'Shopping list\n- milk\n- bread\n'.repeat(200))
  writeSeededFile(path.join(src, 'photos', 'holiday.raw'), 'demo-photo', 32 * 1024 * 1024)
  fs.symlinkSync('photos/holiday.raw', path.join(src, 'latest-photo'))

  const { vaultKey, seedKey } = JSON.parse(p2vault(homeA, ['--json', 'init', '--name', 'demo'], { quiet: true }))
  console.log(`vault created; seed key (all a seeder gets): ${seedKey}`)
  for (const name of ['seeder-1', 'seeder-2']) {
    const line = await daemon(['seeder', '--storage', path.join(work, name), '--vault', seedKey], /"event":"announced"/)
    console.log(`${name} running: ${line}`)
  }

  const v1 = JSON.parse(p2vault(homeA, ['--json', 'push', src, '--tag', 'first', '--replicas', '2'], { quiet: true }))
  console.log(`snapshot ${v1.snapshot.slice(0, 8)}: ${v1.dataBlocks} blocks stored, confirmed by ${v1.replicas.length} seeders`)
  const want1 = manifest(src)
  fs.appendFileSync(path.join(src, 'notes.txt'), '- coffee\n')
  const fd = fs.openSync(path.join(src, 'photos', 'holiday.raw'), 'r+')
  fs.writeSync(fd, Buffer.alloc(4096, 0xee), 0, 4096, 10 * 1024 * 1024)
  fs.closeSync(fd)
  fs.writeFileSync(path.join(src, 'todo.md'), '# todo\n')
  const v2 = JSON.parse(p2vault(homeA, ['--json', 'push', src, '--replicas', '2'], { quiet: true }))
  console.log(`snapshot ${v2.snapshot.slice(0, 8)}: only ${v2.dataBlocks} new blocks (${(v2.dataBlocks * v2.blockSize / 1024).toFixed(0)} KiB) for a 32 MiB photo edit, confirmed by ${v2.replicas.length} seeders`)
  const want2 = manifest(src)
  console.log('\nmachine A is done and offline; machine B has only the vault key and the DHT')

  p2vault(homeB, ['join', '-', '--name', 'demo'], { input: vaultKey })
  p2vault(homeB, ['log'])
  p2vault(homeB, ['diff', v1.snapshot.slice(0, 8), v2.snapshot.slice(0, 8)])
  p2vault(homeB, ['pull', v1.snapshot.slice(0, 8), path.join(work, 'restore-v1')])
  p2vault(homeB, ['pull', 'latest', path.join(work, 'restore-v2')])
  p2vault(homeB, ['status'])

  console.log('\n--- report ---')
  check('version 1', want1, path.join(work, 'restore-v1'))
  check('version 2', want2, path.join(work, 'restore-v2'))
  console.log('demo ok')
}

main().catch((err: Error) => {
  console.error(`demo failed: ${err.message}`)
  process.exitCode = 1
}).finally(() => {
  for (const d of daemons) d.kill('SIGTERM')
  fs.rmSync(work, { recursive: true, force: true })
})
