import test from 'brittle'
import fs from 'node:fs'
import path from 'node:path'
import { tmpdir, cli, cliJson } from '../helpers/index.js'

test('init --passphrase wraps the key file; commands need the passphrase, a wrong one is refused', async (t) => {
  const dir = tmpdir(t)
  const home = path.join(dir, 'home')
  const pass = { P2VAULT_PASSPHRASE: 'correct horse battery staple' }
  const created = await cliJson(home, ['init', '--passphrase'], { env: pass })
  const keyFile = fs.readFileSync(path.join(home, 'vaults/default/key'))
  t.is(fs.statSync(path.join(home, 'vaults/default/key')).mode & 0o777, 0o600, 'key file is mode 0600')
  t.absent(keyFile.includes(Buffer.from(created.vaultKey)), 'the key file does not hold the key string')

  const locked = await cli(home, ['log'])
  t.is(locked.code, 1, 'no passphrase: exit 1')
  t.ok(/protected by a passphrase: set P2VAULT_PASSPHRASE, use --passphrase-file/.test(locked.stderr), locked.stderr.trim())
  const wrong = await cli(home, ['log'], { env: { P2VAULT_PASSPHRASE: 'wrong' } })
  t.is(wrong.code, 1, 'wrong passphrase: exit 1')
  t.ok(/wrong passphrase/.test(wrong.stderr), wrong.stderr.trim())

  const key = await cliJson(home, ['key'], { env: pass })
  t.is(key.vaultKey, created.vaultKey, 'the right passphrase opens the key')
  const passFile = path.join(dir, 'pass')
  fs.writeFileSync(passFile, pass.P2VAULT_PASSPHRASE + '\n')
  const viaFile = await cliJson(home, ['--passphrase-file', passFile, 'key', '--seed'])
  t.is(viaFile.seedKey, created.seedKey, '--passphrase-file works too')
})

test('key prints the vault key and the seed key; --key-file opens the vault without the home key', async (t) => {
  const dir = tmpdir(t)
  const home = path.join(dir, 'home')
  const created = await cliJson(home, ['init', '--name', 'docs'])
  t.is((await cli(home, ['key'])).stdout.trim(), created.vaultKey)
  t.is((await cli(home, ['key', '--seed'])).stdout.trim(), created.seedKey)
  t.ok(created.vaultKey.startsWith('p2vk_') && created.seedKey.startsWith('p2vs_'), 'distinct prefixes')

  fs.rmSync(path.join(home, 'vaults/docs/key'))
  const gone = await cli(home, ['log'])
  t.is(gone.code, 1, 'without the key file the vault cannot be opened')
  const keyFile = path.join(dir, 'k')
  fs.writeFileSync(keyFile, created.vaultKey + '\n')
  const r = await cli(home, ['--key-file', keyFile, 'log'])
  t.is(r.code, 0, '--key-file supplies it: ' + r.stderr)
  const dup = await cli(home, ['init', '--name', 'docs'])
  t.is(dup.code, 1, 'init refuses an existing vault name')
  t.ok(/already exists/.test(dup.stderr))
})

test('commands that need the network say so without bootstrap nodes, and never fall back to a public DHT', async (t) => {
  const dir = tmpdir(t)
  const home = path.join(dir, 'home')
  const { vaultKey } = await cliJson(home, ['init'])
  const env = { P2VAULT_BOOTSTRAP: '' }
  for (const args of [['sync'], ['status'], ['push', dir, '--replicas', '1']]) {
    const r = await cli(home, args, { env })
    t.is(r.code, 1, `${args[0]}: exit 1`)
    t.ok(/this needs the network: pass --bootstrap HOST:PORT/.test(r.stderr), r.stderr.trim())
  }
  const join = await cli(path.join(dir, 'other'), ['join', '-'], { env, input: vaultKey })
  t.is(join.code, 1, 'join: exit 1')
  t.ok(/needs the network/.test(join.stderr), join.stderr.trim())
  const offline = await cli(home, ['--offline', '--bootstrap', '127.0.0.1:9', 'sync'])
  t.ok(/--offline was given/.test(offline.stderr), offline.stderr.trim())
})
