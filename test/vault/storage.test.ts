import test from 'brittle'
import fs from 'node:fs'
import path from 'node:path'
import { tmpdir, seededBytes, cliJson, allFiles } from '../helpers/index.js'
import { Home, Vault, parseVaultKey } from '../../src/index.js'
import { deriveVaultKeys } from '../../src/crypto/keys.js'
import { encode as base32 } from '../../src/crypto/base32.js'
import { META_BLOCK_BYTES } from '../../src/format/meta.js'

const NAME_MARKER = 'NAMEMARKERq7x'
const CONTENT_MARKER = 'CONTENTMARKERz9k'

test('every data block has one length and every meta block another; storage holds no marker and no key material', async (t) => {
  const dir = tmpdir(t)
  const home = path.join(dir, 'home')
  const src = path.join(dir, 'src')
  fs.mkdirSync(path.join(src, `dir-${NAME_MARKER}`), { recursive: true })
  fs.writeFileSync(path.join(src, `${NAME_MARKER}.txt`), `${CONTENT_MARKER}\n`.repeat(3000)) // compressible
  fs.writeFileSync(path.join(src, `dir-${NAME_MARKER}/rand.bin`), Buffer.concat([Buffer.from(CONTENT_MARKER), seededBytes('m', 200000)]))
  fs.writeFileSync(path.join(src, 'tiny'), CONTENT_MARKER)
  fs.symlinkSync(`target-${NAME_MARKER}`, path.join(src, 'link'))
  const { vaultKey } = await cliJson(home, ['init'])
  await cliJson(home, ['push', src, '--tag', `tag-${NAME_MARKER}`])
  fs.appendFileSync(path.join(src, 'tiny'), CONTENT_MARKER)
  await cliJson(home, ['push', src])

  const vault = new Vault(new Home(home), 'default')
  await vault.ready()
  const dataLengths = new Set<number>()
  const metaLengths = new Set<number>()
  for (let i = 0; i < vault.dataCore.length; i++) dataLengths.add((await vault.dataCore.get(i, { wait: false }))!.byteLength)
  for (let i = 0; i < vault.metaCore.length; i++) metaLengths.add((await vault.metaCore.get(i, { wait: false }))!.byteLength)
  const blocks = vault.dataCore.length
  await vault.close()
  t.ok(blocks >= 2, `${blocks} data blocks`)
  t.alike([...dataLengths], [65536], 'all data blocks 64 KiB')
  t.alike([...metaLengths], [META_BLOCK_BYTES], 'all meta blocks 4 KiB')

  const keys = deriveVaultKeys(parseVaultKey(vaultKey))
  const secrets: Record<string, Buffer> = {
    'vault key': keys.vaultKey, 'block key': keys.blockKey, 'chunk-id key': keys.chunkIdKey,
    'chunker key': keys.chunkerKey, 'snapshot-id key': keys.snapshotIdKey, 'signing secret': keys.signing.secretKey.subarray(0, 32)
  }
  const needles: Array<[string, Buffer]> = [
    ['name marker', Buffer.from(NAME_MARKER)], ['content marker', Buffer.from(CONTENT_MARKER)],
    ['vault key string', Buffer.from(vaultKey)]
  ]
  for (const [name, key] of Object.entries(secrets)) {
    needles.push([name, key], [`${name} (hex)`, Buffer.from(key.toString('hex'))], [`${name} (base32)`, Buffer.from(base32(key))], [`${name} (base64)`, Buffer.from(key.toString('base64'))])
  }
  const files = [...allFiles(path.join(home, 'corestore')), ...allFiles(path.join(home, 'vaults', 'default', 'index'))]
  t.ok(files.length > 3, `${files.length} storage files searched`)
  const found: string[] = []
  for (const file of files) {
    const bytes = fs.readFileSync(file)
    for (const [name, needle] of needles) if (bytes.includes(needle)) found.push(`${name} in ${path.relative(home, file)}`)
  }
  const control = allFiles(src).filter(f => f.includes(NAME_MARKER) || fs.readFileSync(f).includes(CONTENT_MARKER))
  t.ok(control.length >= 3, 'the same search does find the markers in the source tree')
  t.alike(found, [], 'no marker and no key material in the corestore or the chunk index')
})
