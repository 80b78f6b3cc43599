import test from 'brittle'
import { encodeTree, decodeTree, encodeListNode, decodeListNode, type Entry, type ChunkRef, type ListNode } from '../../src/format/tree.js'
import { encodeMetaRecord, decodeMetaRecord, frameMetaPayload, unframeMetaPayload, type MetaRecord, type SnapshotRecord } from '../../src/format/meta.js'
import { encodeKeyFile, decodeKeyFile, type KeyFile } from '../../src/format/keyfile.js'
import { encodeRecordHeader, decodeRecordHeader, RECORD_HEADER_BYTES, RecordType, Codec, type RecordHeader } from '../../src/format/record.js'
import { throwsCode, hex } from './expect-code.js'

const CORE_1 = Buffer.alloc(32, 0xc1)
const CORE_2 = Buffer.alloc(32, 0xc2)
const id = (byte: number): Buffer => Buffer.alloc(32, byte)

function ref (idByte: number, core: Buffer, offset: number, length: number, size: number): ChunkRef {
  return { id: id(idByte), core, offset, length, size }
}

// A file with two chunks on one core, a directory whose tree lives on another core, a symlink.
const ENTRIES: Entry[] = [
  {
    name: 'a.txt', type: 'file', mode: 0o100644, mtimeSec: 1700000000, mtimeNsec: 123456789, size: 70000, ino: 42n,
    content: { size: 70000, depth: 0, refs: [ref(0x11, CORE_1, 0, 65574, 65536), ref(0x12, CORE_1, 65574, 4502, 4464)] },
    target: null
  },
  {
    name: 'b', type: 'dir', mode: 0o40755, mtimeSec: 1700000001, mtimeNsec: 0, size: 0, ino: 43n,
    content: { size: 300, depth: 0, refs: [ref(0x21, CORE_2, 100, 338, 300)] },
    target: null
  },
  {
    name: 'c', type: 'symlink', mode: 0o120777, mtimeSec: -86400, mtimeNsec: 999999999, size: 8, ino: 2n ** 40n,
    content: null,
    target: '../a.txt'
  }
]

const LIST_NODE: ListNode = { depth: 1, refs: [ref(0x31, CORE_1, 0, 4096, 9000000), ref(0x32, CORE_2, 4096, 1200, 70000)] }

const HEADER: MetaRecord = {
  type: 'header',
  header: { created: 1700000000000, host: 'laptop', blockSize: 65536, chunker: { min: 16384, avg: 65536, max: 262144 }, dataCore: Buffer.alloc(32, 0xd1) }
}

const SNAPSHOT_RECORD: SnapshotRecord = {
  time: 1700000123456,
  host: 'laptop',
  paths: ['/home/ann/docs', '/home/ann/photos'],
  tags: ['daily'],
  parent: Buffer.alloc(32, 0xee),
  root: { size: 1234, depth: 0, refs: [ref(0x41, CORE_1, 70076, 1260, 1234)] },
  dataCore: CORE_1,
  dataLength: 17,
  stats: { files: 3, dirs: 2, bytes: 70300, bytesNew: 70000, dataBlocks: 2 }
}
const SNAPSHOT: MetaRecord = { type: 'snapshot', snapshot: SNAPSHOT_RECORD }

const KEY_FILE: KeyFile = { kind: 'plain', key: Buffer.alloc(32, 0x01) }

const RECORD_HEADER: RecordHeader = { type: RecordType.DATA, codec: Codec.BROTLI, bodyLength: 65574, id: id(0xab) }

// Frozen from the implementation at format version 1: any change here is a format change.
const x32 = (byte: string): string => byte.repeat(32)
const GOLDEN = {
  tree: [
    '01', '02', x32('c1'), x32('c2'), '03', // version, core table, 3 entries
    '05612e747874', '01', 'fda481', 'fe00e2a7ca', 'fe15cd5b07', 'fe70110100', '012a00000000000000', // "a.txt" file 0o100644 mtime size ino 42
    'fe70110100', '00', '02', x32('11'), '00', '00', 'fe26000100', 'fe00000100', x32('12'), '00', 'fe26000100', 'fd9611', 'fd7011', // content: 2 refs on core 0
    '0162', '02', 'fded41', 'fe02e2a7ca', '00', '00', '012b00000000000000', // "b" dir 0o40755 ino 43
    'fd2c01', '00', '01', x32('21'), '01', '64', 'fd5201', 'fd2c01', // child tree: 1 ref on core 1
    '0163', '03', 'fdffa1', 'feffa20200', 'feffc99a3b', '08', '010000000000010000', '082e2e2f612e747874' // "c" symlink, mtime -86400, ino 2^40, "../a.txt"
  ].join(''),
  listNode: [
    '01', '01', '02', x32('c1'), x32('c2'), '02', // version, depth 1, core table, 2 refs
    x32('31'), '00', '00', 'fd0010', 'fe40548900',
    x32('32'), '01', 'fd0010', 'fdb004', 'fe70110100'
  ].join(''),
  header: [
    '01', '01', 'ff0068e5cf8b010000', '066c6170746f70', // version, header, created, "laptop"
    'fe00000100', 'fd0040', 'fe00000100', 'fe00000400', x32('d1') // block size, min, avg, max, data core
  ].join(''),
  snapshot: [
    '01', '02', 'ff404ae7cf8b010000', '066c6170746f70', // version, snapshot, time, "laptop"
    '02', '0e2f686f6d652f616e6e2f646f6373', '102f686f6d652f616e6e2f70686f746f73', '01', '056461696c79', // paths, tags
    '01', x32('ee'), // parent
    '01', x32('c1'), 'fdd204', '00', '01', x32('41'), '00', 'febc110100', 'fdec04', 'fdd204', // root content with its core table
    x32('c1'), '11', '03', '02', 'fe9c120100', 'fe70110100', '02' // data core, data length 17, stats
  ].join(''),
  keyFile: '70327661756c742d6b65790a' + '01' + '00' + x32('01'), // "p2vault-key\n", version, plain, key
  recordHeader: '01' + '01' + '26000100' + x32('ab') // DATA, BROTLI, body length u32 LE, chunk id
}

/** A tree with one entry of this name, encoded without validation (as an attacker could). */
function treeNamed (...names: string[]): Buffer {
  return encodeTree(names.map(name => ({ ...ENTRIES[1], name })))
}

test('golden vectors: v1 encodings of a tree, list node, meta records, key file and record header', (t) => {
  t.is(hex(encodeTree(ENTRIES)), GOLDEN.tree, 'tree')
  t.is(hex(encodeListNode(LIST_NODE)), GOLDEN.listNode, 'list node')
  t.is(hex(encodeMetaRecord(HEADER)), GOLDEN.header, 'device header')
  t.is(hex(encodeMetaRecord(SNAPSHOT)), GOLDEN.snapshot, 'snapshot record')
  t.is(hex(encodeKeyFile(KEY_FILE)), GOLDEN.keyFile, 'plain key file')
  t.is(hex(encodeRecordHeader(RECORD_HEADER)), GOLDEN.recordHeader, 'record header')
})

test('decode(encode(x)) deep-equals x for every codec', (t) => {
  t.alike(decodeTree(encodeTree(ENTRIES)), ENTRIES, 'tree')
  t.alike(decodeTree(encodeTree([])), [], 'empty tree')
  t.alike(decodeListNode(encodeListNode(LIST_NODE)), LIST_NODE, 'list node')
  t.alike(decodeListNode(encodeListNode({ depth: 0, refs: [] })), { depth: 0, refs: [] }, 'empty list node')
  t.alike(decodeMetaRecord(encodeMetaRecord(HEADER)), HEADER, 'device header')
  t.alike(decodeMetaRecord(encodeMetaRecord(SNAPSHOT)), SNAPSHOT, 'snapshot record')
  const first: MetaRecord = { type: 'snapshot', snapshot: { ...SNAPSHOT_RECORD, parent: null, tags: [] } }
  t.alike(decodeMetaRecord(encodeMetaRecord(first)), first, 'snapshot without parent or tags')
  t.alike(decodeKeyFile(encodeKeyFile(KEY_FILE)), KEY_FILE, 'plain key file')
  const wrapped: KeyFile = { kind: 'wrapped', kdf: { salt: Buffer.alloc(16, 0x5a), opslimit: 3, memlimit: 268435456 }, sealed: Buffer.alloc(72, 0x77) }
  t.alike(decodeKeyFile(encodeKeyFile(wrapped)), wrapped, 'wrapped key file')
  t.alike(decodeRecordHeader(encodeRecordHeader(RECORD_HEADER), 'r'), RECORD_HEADER, 'record header')
})

test('a tree stores each core key once and refs name cores by index', (t) => {
  const tree = encodeTree(ENTRIES)
  const count = (needle: Buffer): number => { let n = 0; for (let i = tree.indexOf(needle); i !== -1; i = tree.indexOf(needle, i + 1)) n++; return n }
  t.is(count(CORE_1), 1, 'core 1 once')
  t.is(count(CORE_2), 1, 'core 2 once')
})

test('decodeTree refuses unsafe names with UNSAFE_NAME', (t) => {
  for (const name of ['..', '.', '', 'a/b', '/etc', 'a\0b']) {
    throwsCode(t, () => decodeTree(treeNamed(name)), 'UNSAFE_NAME', JSON.stringify(name))
  }
  t.is(decodeTree(treeNamed('..a', '.b', 'a\\b'))[0].name, '..a', 'names merely containing dots or backslashes are fine')
})

test('decodeTree refuses unsorted or duplicate names with BAD_RECORD', (t) => {
  throwsCode(t, () => decodeTree(treeNamed('b', 'a')), 'BAD_RECORD', 'unsorted')
  throwsCode(t, () => decodeTree(treeNamed('a', 'a')), 'BAD_RECORD', 'duplicate')
  // Sorting is by UTF-8 bytes, not UTF-16 code units: U+FF5E < U+1F600 in UTF-8, but not in UTF-16.
  t.is(decodeTree(treeNamed('Z', 'a', '\uff5e', '\u{1f600}')).length, 4, 'UTF-8 byte order accepted')
  throwsCode(t, () => decodeTree(treeNamed('\u{1f600}', '\uff5e')), 'BAD_RECORD', 'UTF-16 order refused')
})

test('an unknown format version is refused with UNSUPPORTED_VERSION', (t) => {
  const patched = (buf: Buffer, at = 0, version = 2): Buffer => { const b = Buffer.from(buf); b[at] = version; return b }
  throwsCode(t, () => decodeTree(patched(encodeTree(ENTRIES))), 'UNSUPPORTED_VERSION', 'tree')
  throwsCode(t, () => decodeListNode(patched(encodeListNode(LIST_NODE))), 'UNSUPPORTED_VERSION', 'list node')
  throwsCode(t, () => decodeMetaRecord(patched(encodeMetaRecord(HEADER))), 'UNSUPPORTED_VERSION', 'device header')
  throwsCode(t, () => decodeMetaRecord(patched(encodeMetaRecord(SNAPSHOT))), 'UNSUPPORTED_VERSION', 'snapshot record')
  throwsCode(t, () => decodeKeyFile(patched(encodeKeyFile(KEY_FILE), 'p2vault-key\n'.length)), 'UNSUPPORTED_VERSION', 'key file')
  throwsCode(t, () => decodeTree(patched(encodeTree(ENTRIES), 0, 0)), 'UNSUPPORTED_VERSION', 'version 0')
})

test('every truncation and any trailing byte is refused with BAD_RECORD', (t) => {
  const codecs: Array<[string, Buffer, (b: Buffer) => unknown]> = [
    ['tree', encodeTree(ENTRIES), decodeTree],
    ['list node', encodeListNode(LIST_NODE), decodeListNode],
    ['device header', encodeMetaRecord(HEADER), decodeMetaRecord],
    ['snapshot record', encodeMetaRecord(SNAPSHOT), decodeMetaRecord],
    ['key file', encodeKeyFile(KEY_FILE), decodeKeyFile]
  ]
  for (const [what, full, decode] of codecs) {
    const start = what === 'key file' ? 'p2vault-key\n'.length : 0
    const outcomes = new Set<string>()
    for (let n = start; n < full.byteLength; n++) {
      try { decode(full.subarray(0, n)); outcomes.add('decoded') } catch (err) { outcomes.add((err as { code?: string }).code ?? String(err)) }
    }
    t.alike([...outcomes], ['BAD_RECORD'], `${what}: all ${full.byteLength - start} truncations`)
    throwsCode(t, () => decode(Buffer.concat([full, Buffer.alloc(1)])), 'BAD_RECORD', `${what}: trailing byte`)
  }
})

test('decodeKeyFile refuses a file without the magic with INVALID_KEY', (t) => {
  throwsCode(t, () => decodeKeyFile(Buffer.from('not a key file at all, no')), 'INVALID_KEY')
  throwsCode(t, () => decodeKeyFile(Buffer.alloc(0)), 'INVALID_KEY', 'empty file')
})

test('decodeMetaRecord refuses an unknown record type with BAD_RECORD', (t) => {
  const b = encodeMetaRecord(HEADER)
  t.is(b[1], 1, 'type byte of a header is 1')
  t.is(encodeMetaRecord(SNAPSHOT)[1], 2, 'type byte of a snapshot is 2')
  for (const type of [0, 3, 255]) {
    const bad = Buffer.from(b)
    bad[1] = type
    throwsCode(t, () => decodeMetaRecord(bad), 'BAD_RECORD', `type ${type}`)
  }
})

test('decodeTree refuses a ref to a core missing from the core table with BAD_RECORD', (t) => {
  const one = encodeListNode({ depth: 0, refs: [ref(0x31, CORE_1, 0, 10, 10)] })
  // version ‖ depth ‖ 1 core key ‖ 1 ref: id (32) then the core index byte.
  const at = 1 + 1 + 1 + 32 + 1 + 32
  t.is(one[at], 0, 'core index 0')
  const bad = Buffer.from(one)
  bad[at] = 1
  throwsCode(t, () => decodeListNode(bad), 'BAD_RECORD')
})

test('decodeRecordHeader refuses short headers, unknown types and unknown codecs with BAD_RECORD', (t) => {
  const good = encodeRecordHeader(RECORD_HEADER)
  t.is(good.byteLength, RECORD_HEADER_BYTES)
  throwsCode(t, () => decodeRecordHeader(good.subarray(0, RECORD_HEADER_BYTES - 1), 'r'), 'BAD_RECORD', 'short')
  for (const [at, value, what] of [[0, 0, 'type 0 (padding)'], [0, 4, 'type 4'], [1, 2, 'codec 2']] as const) {
    const bad = Buffer.from(good)
    bad[at] = value
    throwsCode(t, () => decodeRecordHeader(bad, 'r'), 'BAD_RECORD', what)
  }
  const inBlock = Buffer.concat([Buffer.alloc(5), good, Buffer.alloc(7)])
  t.alike(decodeRecordHeader(inBlock.subarray(5), 'r'), RECORD_HEADER, 'decodes from a view at an offset')
})

test('frameMetaPayload frames a body that fits and refuses one that does not with SNAPSHOT_TOO_LARGE', (t) => {
  const body = encodeMetaRecord(SNAPSHOT)
  const framed = frameMetaPayload(body, 4056)
  t.is(framed.byteLength, 4056)
  t.is(framed.readUInt16LE(0), body.byteLength)
  t.alike(unframeMetaPayload(framed, 'meta block'), body, 'unframe returns the body')
  t.ok(framed.subarray(2 + body.byteLength).every(b => b === 0), 'zero padding')
  t.is(frameMetaPayload(Buffer.alloc(4054, 7), 4056).byteLength, 4056, 'a body of exactly payload - 2 fits')
  throwsCode(t, () => frameMetaPayload(Buffer.alloc(4055, 7), 4056), 'SNAPSHOT_TOO_LARGE', 'one byte too many')
  const many: MetaRecord = { type: 'snapshot', snapshot: { ...SNAPSHOT_RECORD, paths: Array.from({ length: 200 }, (_, i) => `/data/path-number-${i}`) } }
  throwsCode(t, () => frameMetaPayload(encodeMetaRecord(many), 4056), 'SNAPSHOT_TOO_LARGE', 'a snapshot with 200 paths')
})

test('unframeMetaPayload refuses a length beyond the block with BAD_RECORD', (t) => {
  const framed = frameMetaPayload(Buffer.from('abc'), 100)
  framed.writeUInt16LE(99, 0)
  throwsCode(t, () => unframeMetaPayload(framed, 'meta block'), 'BAD_RECORD')
})

// Type byte 0 once decoded as a file, giving one tree two encodings.
test('decodeTree refuses entry type byte 0 with BAD_RECORD', (t) => {
  const tree = treeNamed('x')
  // version ‖ 1 core key ‖ 1 entry: name "x" ‖ type
  const at = 1 + 1 + 32 + 1 + 1 + 1
  t.is(tree[at], 2, 'type byte of a dir')
  const bad = Buffer.from(tree)
  bad[at] = 0
  throwsCode(t, () => decodeTree(bad), 'BAD_RECORD')
})

// Any kind byte other than 0 was once read as 'wrapped'.
test('decodeKeyFile refuses an unknown key file kind with BAD_RECORD', (t) => {
  const b = encodeKeyFile({ kind: 'wrapped', kdf: { salt: Buffer.alloc(16, 0x5a), opslimit: 3, memlimit: 268435456 }, sealed: Buffer.alloc(72, 0x77) })
  const at = 'p2vault-key\n'.length + 1
  t.is(b[at], 1, 'kind byte of a wrapped key file')
  b[at] = 7
  throwsCode(t, () => decodeKeyFile(b), 'BAD_RECORD')
})
