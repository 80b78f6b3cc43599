import os from 'node:os'
import fs from 'node:fs/promises'
import ReadyResource from 'ready-resource'
import Corestore from 'corestore'
import CoreStorage from 'hypercore-storage'
import type Hypercore from 'hypercore'
import { type VaultKeys, deriveVaultKeys, formatSeedKey } from '../crypto/keys.js'
import { seal, open, blockAD, SEAL_OVERHEAD } from '../crypto/seal.js'
import { chunkId } from '../crypto/hash.js'
import { P2VaultError } from '../errors.js'
import { gearTable } from '../chunker/fastcdc.js'
import { type DeviceHeader, type SnapshotRecord, type MetaRecord, META_BLOCK_BYTES, encodeMetaRecord, decodeMetaRecord, frameMetaPayload, unframeMetaPayload } from '../format/meta.js'
import { ChunkIndex } from '../store/chunk-index.js'
import { BlockReader, unavailable } from '../store/block-reader.js'
import { ChunkStore } from '../store/chunk-store.js'
import type { ChunkRef } from '../format/tree.js'
import { Home, type VaultConfig } from './home.js'
import { Roster } from './roster.js'

/**
 * RocksDB memtable size for the corestore (hypercore-storage's default is 64 MiB). Measured on
 * a 1 GiB push: 64 MiB 7.2 s / 360 MB RSS, 32 MiB 7.45 s / 290 MB, 16 MiB 8.4 s / 320 MB.
 */
const WRITE_BUFFER_BYTES = 32 * 1024 * 1024

export interface Snapshot extends SnapshotRecord {
  /** hex of the keyed hash of the record body */
  id: string
}

export interface VaultOptions {
  /** A vault key given directly (e.g. from P2VAULT_KEY) instead of the key file. */
  vaultKey?: Buffer
  /** Asked only when the key file is passphrase-wrapped. */
  passphrase?: () => Promise<string | null>
}

/** One vault on this machine: its keys, this device's data and meta cores, and the chunk index. */
export class Vault extends ReadyResource {
  config!: VaultConfig
  keys!: VaultKeys
  gear!: Int32Array
  store!: Corestore
  dataCore!: Hypercore
  metaCore!: Hypercore
  index!: ChunkIndex
  chunks!: ChunkStore
  roster!: Roster
  readonly host = os.hostname()
  /** How long a read waits for blocks from peers (ms); 0 while offline: local blocks only. */
  remoteTimeout = 0
  private readonly remoteCores = new Map<string, Hypercore>()

  constructor (readonly home: Home, readonly name: string, private readonly opts: VaultOptions = {}) {
    super()
  }

  async _open (): Promise<void> {
    this.config = await this.home.readConfig(this.name)
    const vaultKey = this.opts.vaultKey ?? await this.home.readKey(this.name, this.opts.passphrase ?? (async () => null))
    this.keys = deriveVaultKeys(vaultKey)
    if (formatSeedKey(this.keys.seedKey) !== this.config.seedKey) {
      throw P2VaultError.WRONG_KEY(`the vault key does not belong to vault "${this.name}" (its seed key differs)`)
    }
    this.gear = gearTable(this.keys.chunkerKey)
    try {
      await this.openCores()
    } catch (err) {
      await this._close()
      throw err
    }
  }

  private async openCores (): Promise<void> {
    this.store = openCorestore(this.home)
    await this.store.ready().catch(err => { throw storeError(err, this.home.dir) })
    const ns = this.store.namespace('p2vault/' + this.keys.seedKey.toString('hex'))
    this.dataCore = ns.get({ name: 'data' })
    this.metaCore = ns.get({ name: 'meta' })
    await Promise.all([this.dataCore.ready(), this.metaCore.ready()])
    this.index = await this.openIndex()
    const reader = new BlockReader(async (key) => this.coreFor(key), this.keys.blockKey, this.config.blockSize, () => this.remoteTimeout)
    this.chunks = new ChunkStore(this.index, reader, this.keys.chunkIdKey, (ref) => this.isStored(ref))
    if (this.metaCore.length === 0) await this.appendMeta({ type: 'header', header: this.newHeader() })
    else await this.readHeader()
    this.roster = new Roster(this.home.rosterPath(this.name), this.keys)
    await this.roster.load()
    await this.roster.ensure(this.dataCore.key, this.metaCore.key, this.config)
  }

  /**
   * The chunk index, unless it knows a longer data core than the one here (the core was
   * restored from an older copy, or lost a tail): then its entries may point at other bytes,
   * so it is dropped and rebuilt from the snapshots.
   */
  private async openIndex (): Promise<ChunkIndex> {
    const dir = this.home.indexPath(this.name)
    const index = new ChunkIndex(dir)
    await index.ready()
    if (await index.seenLength(this.dataCore.key) <= this.dataCore.length) return index
    await index.close()
    await fs.rm(dir, { recursive: true, force: true })
    const fresh = new ChunkIndex(dir)
    await fresh.ready()
    return fresh
  }

  async _close (): Promise<void> {
    if (this.index) await this.index.close()
    if (this.store) await this.store.close()
  }

  get payloadBytes (): number {
    return this.config.blockSize - SEAL_OVERHEAD
  }

  /** A core of a device in the roster (this one's, or another's, replicated on demand). */
  async coreFor (key: Buffer): Promise<Hypercore> {
    if (key.equals(this.dataCore.key)) return this.dataCore
    if (key.equals(this.metaCore.key)) return this.metaCore
    const hex = key.toString('hex')
    let core = this.remoteCores.get(hex)
    if (core === undefined) {
      if (!this.roster.devices().some(d => d.dataCore.equals(key) || d.metaCore.equals(key))) {
        throw P2VaultError.MISSING_BLOCK(`core ${hex.slice(0, 8)} (no device in the roster has it)`)
      }
      core = this.store.get({ key })
      this.remoteCores.set(hex, core)
      await core.ready()
      // Learn its length from peers before reading: a core just opened knows only what is local.
      if (this.remoteTimeout > 0) await core.update({ wait: true }).catch(() => false)
    }
    await core.ready()
    return core
  }

  /** The meta cores of every device in the roster, this one's first. */
  async metaCores (): Promise<Hypercore[]> {
    const others = this.roster.devices().filter(d => !d.metaCore.equals(this.metaCore.key))
    return [this.metaCore, ...await Promise.all(others.map(d => this.coreFor(d.metaCore)))]
  }

  /** A chunk location can be reused if its core is a roster device's and that long. */
  private async isStored (ref: ChunkRef): Promise<boolean> {
    const core = ref.core.equals(this.dataCore.key) ? this.dataCore : await this.coreFor(ref.core).catch(() => null)
    return core !== null && ref.offset + ref.length <= core.length * this.payloadBytes
  }

  private newHeader (): DeviceHeader {
    return { created: Date.now(), host: this.host, blockSize: this.config.blockSize, chunker: this.config.chunker, dataCore: this.dataCore.key }
  }

  private async readHeader (): Promise<void> {
    let rec: MetaRecord
    try {
      rec = await this.readMeta(0)
    } catch (err) {
      if ((err as P2VaultError).code === 'BLOCK_AUTH_FAILED') throw P2VaultError.WRONG_KEY('the vault key does not open this device\'s meta core (wrong key or corrupted block 0)')
      throw err
    }
    if (rec.type !== 'header') throw P2VaultError.BAD_RECORD('meta core block 0 is not a device header')
    const h = rec.header
    const c = this.config.chunker
    if (h.blockSize !== this.config.blockSize || h.chunker.min !== c.min || h.chunker.avg !== c.avg || h.chunker.max !== c.max || !h.dataCore.equals(this.dataCore.key)) {
      throw P2VaultError.BAD_RECORD('vault.json settings differ from the device header in the meta core')
    }
  }

  async appendMeta (rec: MetaRecord): Promise<Buffer> {
    const body = encodeMetaRecord(rec)
    const payload = frameMetaPayload(body, META_BLOCK_BYTES - SEAL_OVERHEAD)
    const index = this.metaCore.length
    await this.metaCore.append([seal(this.keys.blockKey, payload, blockAD(this.metaCore.key, index))])
    return body
  }

  async readMeta (index: number): Promise<MetaRecord> {
    return decodeMetaRecord(await this.readMetaBody(this.metaCore, index))
  }

  private async readMetaBody (core: Hypercore, index: number): Promise<Buffer> {
    const what = `meta core ${core.key.toString('hex').slice(0, 8)} block ${index}`
    const sealed = await core.get(index, this.remoteTimeout > 0 ? { timeout: this.remoteTimeout } : { wait: false }).catch(unavailable)
    if (sealed === null) throw P2VaultError.MISSING_BLOCK(what)
    if (sealed.byteLength !== META_BLOCK_BYTES) throw P2VaultError.BLOCK_AUTH_FAILED(`${what} (wrong length)`)
    return unframeMetaPayload(open(this.keys.blockKey, sealed, blockAD(core.key, index), what), what)
  }

  snapshotId (body: Buffer): string {
    return chunkId(this.keys.snapshotIdKey, body).toString('hex')
  }

  /** Every snapshot of every device in the roster, oldest first. */
  async snapshots (): Promise<Snapshot[]> {
    const out: Snapshot[] = []
    for (const core of await this.metaCores()) {
      for (let i = 1; i < core.length; i++) {
        const body = await this.readMetaBody(core, i)
        const rec = decodeMetaRecord(body)
        if (rec.type === 'snapshot') out.push({ ...rec.snapshot, id: this.snapshotId(body) })
      }
    }
    return out.sort((a, b) => a.time - b.time)
  }

  /** `latest`, a full id, or a unique id prefix. */
  async findSnapshot (ref: string): Promise<Snapshot> {
    const all = await this.snapshots()
    if (ref === 'latest') {
      if (all.length === 0) throw P2VaultError.NO_SNAPSHOT(ref)
      return all[all.length - 1]
    }
    const want = ref.toLowerCase()
    const matches = /^[0-9a-f]+$/.test(want) ? all.filter(s => s.id.startsWith(want)) : []
    if (matches.length === 0) throw P2VaultError.NO_SNAPSHOT(ref)
    if (matches.length > 1) throw P2VaultError.AMBIGUOUS_SNAPSHOT(ref, matches.length)
    return matches[0]
  }
}

/** The device's corestore (one per home, shared by its vaults). */
export function openCorestore (home: Home): Corestore {
  return new Corestore(new CoreStorage(home.corestore, { writeBufferSize: WRITE_BUFFER_BYTES }))
}

function storeError (err: NodeJS.ErrnoException, dir: string): Error {
  if (err.code === 'DEVICE_FILE') {
    return P2VaultError.IO(`the corestore in ${dir} was copied or moved (${err.message}); hypercore will not write from a copy, which could fork this device's cores: run "p2vault join" on a new home instead`)
  }
  if (/lock/i.test(err.message)) return P2VaultError.IO(`the home ${dir} is in use by another p2vault process`)
  return err
}
