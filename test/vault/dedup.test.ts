import test from 'brittle'
import fs from 'node:fs'
import path from 'node:path'
import { tmpdir, writeSeededFile, seededBytes, cli, cliJson } from '../helpers/index.js'
import { Home, Vault, initVault, push } from '../../src/index.js'

const MB = 1000 * 1000

test('pushing an unchanged tree appends at most 2 data blocks; a copied file stores no new data chunk', async (t) => {
  const dir = tmpdir(t)
  const home = path.join(dir, 'home')
  const src = path.join(dir, 'src')
  fs.mkdirSync(path.join(src, 'sub'), { recursive: true })
  writeSeededFile(path.join(src, 'a.bin'), 'dedup-a', 3 * MB)
  fs.writeFileSync(path.join(src, 'sub/b.txt'), 'some text\n'.repeat(5000))
  await cliJson(home, ['init'])
  const first = await cliJson(home, ['push', src])
  t.ok(first.newChunks.data > 0, 'first push stores data')

  const again = await cliJson(home, ['push', src])
  t.ok(again.dataBlocks <= 2, `unchanged tree appended ${again.dataBlocks} data blocks`)
  t.is(again.bytesRead, 0, 'unchanged files are not read again (size, mtime, inode match)')
  t.is(again.newChunks.data, 0, 'no new data chunk')

  fs.copyFileSync(path.join(src, 'a.bin'), path.join(src, 'sub/copy-of-a.bin'))
  const copy = await cliJson(home, ['push', src])
  t.is(copy.bytesRead, 3 * MB, 'the copy is read (new inode)')
  t.is(copy.newChunks.data, 0, 'copy under a new name stores no new data chunk')
  t.ok(copy.bytesNew < 4096, `only the changed trees are new (${copy.bytesNew} bytes)`)
})

test('dedup within one push: the same content twice in a tree is stored once', async (t) => {
  const dir = tmpdir(t)
  const src = path.join(dir, 'src')
  fs.mkdirSync(src)
  const data = seededBytes('twice', 2 * MB)
  fs.writeFileSync(path.join(src, 'one.bin'), data)
  fs.writeFileSync(path.join(src, 'two.bin'), data)
  const home = new Home(path.join(dir, 'home'))
  await initVault(home)
  const vault = new Vault(home, 'default')
  await vault.ready()
  t.teardown(() => vault.close())
  const r = await push(vault, src)
  t.ok(r.bytesNew < 2 * MB + 8192, `2 MB stored once: ${r.bytesNew} new bytes for 4 MB of files`)
})

/** Ten 4 KiB edits at spread offsets, in place. */
function editInPlace (file: string, size: number): void {
  const fd = fs.openSync(file, 'r+')
  try {
    for (let i = 0; i < 10; i++) {
      const offset = Math.floor((i + 0.5) * size / 10)
      fs.writeSync(fd, seededBytes(`edit-${i}`, 4096), 0, 4096, offset)
    }
  } finally {
    fs.closeSync(fd)
  }
}

/** The file with 100 bytes inserted at offset 1000, written beside it then renamed over it. */
function insertNearStart (file: string, seed: string, size: number): void {
  const tmp = file + '.new'
  const fd = fs.openSync(tmp, 'w')
  try {
    fs.writeSync(fd, seededBytes(seed, 1000, 0))
    fs.writeSync(fd, Buffer.alloc(100, 0x42))
    for (let pos = 1000; pos < size; pos += 16 * 1024 * 1024) {
      fs.writeSync(fd, seededBytes(seed, Math.min(16 * 1024 * 1024, size - pos), pos))
    }
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(tmp, file)
}

test('1 GiB incompressible file: ten 4 KiB edits cost at most 2 MB of new blocks, 100 inserted bytes at most 1 MB', async (t) => {
  const size = 1024 * 1024 * 1024
  const dir = tmpdir(t)
  const home = path.join(dir, 'home')
  const src = path.join(dir, 'src')
  fs.mkdirSync(src)
  const file = path.join(src, 'big.bin')
  writeSeededFile(file, 'gib', size)
  await cliJson(home, ['init'])
  const base = await cliJson(home, ['push', src])
  t.ok(base.dataBlocks * base.blockSize >= size, 'the whole file went in')

  editInPlace(file, size)
  const edits = await cliJson(home, ['push', src])
  const editBytes = edits.dataBlocks * edits.blockSize
  t.comment(`ten 4 KiB edits: ${edits.dataBlocks} blocks = ${editBytes} bytes (${edits.newChunks.data} data chunks, ${edits.newChunks.list} list nodes)`)
  t.ok(editBytes <= 2 * MB, `ten edits cost ${editBytes} bytes of data blocks (limit 2 MB)`)

  insertNearStart(file, 'gib', size)
  const insert = await cliJson(home, ['push', src])
  const insertBytes = insert.dataBlocks * insert.blockSize
  t.comment(`100-byte insert: ${insert.dataBlocks} blocks = ${insertBytes} bytes (${insert.newChunks.data} data chunks, ${insert.newChunks.list} list nodes)`)
  t.ok(insertBytes <= 1 * MB, `insert costs ${insertBytes} bytes of data blocks (limit 1 MB)`)
})

test('the chunk index is a cache: deleted, it is rebuilt from the snapshots and dedup still holds', async (t) => {
  const dir = tmpdir(t)
  const home = path.join(dir, 'home')
  const src = path.join(dir, 'src')
  fs.mkdirSync(path.join(src, 'sub'), { recursive: true })
  writeSeededFile(path.join(src, 'big.bin'), 'reindex', 20 * MB) // large enough for list nodes
  fs.writeFileSync(path.join(src, 'sub/small.txt'), 'small file\n')
  await cliJson(home, ['init'])
  await cliJson(home, ['push', src])

  fs.rmSync(path.join(home, 'vaults', 'default', 'index'), { recursive: true })
  fs.copyFileSync(path.join(src, 'big.bin'), path.join(src, 'sub/copy.bin'))
  const r = await cliJson(home, ['push', src])
  t.is(r.newChunks.data, 0, 'no data chunk stored again after the index was lost')
  t.ok(r.bytesNew < 8192, `only new trees: ${r.bytesNew} bytes`)
  t.is((await cli(home, ['verify', '--read-data'])).code, 0, 'vault verifies')
})
