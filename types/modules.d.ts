// Types for the untyped dependencies: only what p2vault calls, with their real signatures.

declare module 'sodium-native' {
  type Bytes = Uint8Array
  const sodium: {
    randombytes_buf (buf: Bytes): void
    crypto_generichash (out: Bytes, input: Bytes, key?: Bytes): void
    crypto_sign_seed_keypair (pk: Bytes, sk: Bytes, seed: Bytes): void
    crypto_sign_detached (sig: Bytes, msg: Bytes, sk: Bytes): void
    crypto_sign_verify_detached (sig: Bytes, msg: Bytes, pk: Bytes): boolean
    crypto_aead_xchacha20poly1305_ietf_encrypt (c: Bytes, m: Bytes, ad: Bytes | null, nsec: null, npub: Bytes, k: Bytes): number
    crypto_aead_xchacha20poly1305_ietf_decrypt (m: Bytes, nsec: null, c: Bytes, ad: Bytes | null, npub: Bytes, k: Bytes): number
    crypto_pwhash (out: Bytes, passwd: Bytes, salt: Bytes, opslimit: number, memlimit: number, alg: number): void
    crypto_pwhash_ALG_ARGON2ID13: number
    crypto_pwhash_SALTBYTES: number
    crypto_pwhash_OPSLIMIT_INTERACTIVE: number
    crypto_pwhash_MEMLIMIT_INTERACTIVE: number
    crypto_pwhash_OPSLIMIT_MODERATE: number
    crypto_pwhash_MEMLIMIT_MODERATE: number
    sodium_memzero (buf: Bytes): void
  }
  export default sodium
}

declare module 'hypercore' {
  import type { Buffer } from 'node:buffer'
  interface GetOptions { wait?: boolean, timeout?: number, valueEncoding?: 'binary' }
  class Hypercore {
    readonly key: Buffer
    readonly discoveryKey: Buffer
    readonly length: number
    readonly byteLength: number
    readonly writable: boolean
    readonly contiguousLength: number
    readonly peers: unknown[]
    ready (): Promise<void>
    update (opts?: { wait?: boolean }): Promise<boolean>
    download (range?: { start?: number, end?: number }): { done (): Promise<void>, destroy (): void }
    treeHash (length?: number): Promise<Buffer>
    findingPeers (): () => void
    on (event: 'append' | 'download' | 'close', fn: (...args: any[]) => void): this
    off (event: string, fn: (...args: any[]) => void): this
    close (): Promise<void>
    append (blocks: Buffer | Buffer[]): Promise<{ length: number, byteLength: number }>
    get (index: number, opts?: GetOptions): Promise<Buffer | null>
    has (start: number, end?: number): Promise<boolean>
  }
  export default Hypercore
}

declare module 'corestore' {
  import type Hypercore from 'hypercore'
  import type { Buffer } from 'node:buffer'
  class Corestore {
    constructor (storage: string | import('hypercore-storage').default, opts?: Record<string, unknown>)
    ready (): Promise<void>
    close (): Promise<void>
    namespace (name: string | Buffer): Corestore
    get (opts: { name: string } | { key: Buffer } | Buffer): Hypercore
    replicate (stream: unknown): unknown
    findingPeers (): () => void
    readonly storage: { db: { flush (): Promise<void> } }
  }
  export default Corestore
}

declare module 'rocksdb-native' {
  import type { Buffer } from 'node:buffer'
  interface ReadBatch { get (key: Buffer): Promise<Buffer | null>, flush (): Promise<void>, tryFlush (): void, destroy (): void }
  interface WriteBatch { put (key: Buffer, value: Buffer): Promise<void>, tryPut (key: Buffer, value: Buffer): void, flush (): Promise<void>, destroy (): void }
  class ColumnFamily {
    constructor (name: string, opts?: Record<string, unknown>)
  }
  interface Entry { key: Buffer, value: Buffer }
  class RocksDB {
    static ColumnFamily: typeof ColumnFamily
    constructor (path: string, opts?: { columnFamilies?: ColumnFamily[] } & Record<string, unknown>)
    columnFamily (cf: ColumnFamily): RocksDB
    iterator (range: Record<string, Buffer>): AsyncIterable<Entry>
    ready (): Promise<void>
    close (): Promise<void>
    read (): ReadBatch
    write (): WriteBatch
    get (key: Buffer): Promise<Buffer | null>
    put (key: Buffer, value: Buffer): Promise<void>
  }
  export default RocksDB
}

declare module 'brittle' {
  export interface Test {
    is (actual: unknown, expected: unknown, message?: string): void
    not (actual: unknown, expected: unknown, message?: string): void
    alike (actual: unknown, expected: unknown, message?: string): void
    unlike (actual: unknown, expected: unknown, message?: string): void
    ok (value: unknown, message?: string): void
    absent (value: unknown, message?: string): void
    pass (message?: string): void
    fail (message?: string): void
    comment (...message: unknown[]): void
    plan (n: number): void
    teardown (fn: () => unknown): void
    timeout (ms: number): void
  }
  export type TestFn = (t: Test) => void | Promise<void>
  interface TestEntry {
    (name: string, fn: TestFn): void
    (name: string, opts: { timeout?: number }, fn: TestFn): void
  }
  const test: TestEntry
  export default test
}

declare module 'hypercore-storage' {
  class CoreStorage {
    constructor (dir: string, opts?: { writeBufferSize?: number })
  }
  export default CoreStorage
}

declare module 'hyperdht' {
  import type { Buffer } from 'node:buffer'
  interface Node { host: string, port: number }
  class HyperDHT {
    constructor (opts: { bootstrap: Array<string | Node>, host?: string, port?: number, firewalled?: boolean, ephemeral?: boolean, maxWindow?: number, anyPort?: boolean, keyPair?: { publicKey: Buffer, secretKey: Buffer } })
    static keyPair (seed?: Buffer): { publicKey: Buffer, secretKey: Buffer }
    ready (): Promise<void>
    fullyBootstrapped (): Promise<void>
    address (): { host: string, port: number }
    destroy (): Promise<void>
    on (event: string, fn: (...args: any[]) => void): this
  }
  export default HyperDHT
}

declare module 'hyperdht/testnet.js' {
  import type HyperDHT from 'hyperdht'
  interface Testnet { nodes: HyperDHT[], bootstrap: Array<{ host: string, port: number }>, destroy (): Promise<void> }
  function createTestnet (size?: number, opts?: { host?: string, port?: number, teardown?: (fn: () => unknown) => void }): Promise<Testnet>
  export default createTestnet
}

declare module 'hyperswarm' {
  import type { Buffer } from 'node:buffer'
  import type { Duplex } from 'node:stream'
  import type HyperDHT from 'hyperdht'
  export interface Connection extends Duplex { remotePublicKey: Buffer, publicKey: Buffer }
  interface Discovery { flushed (): Promise<void>, refresh (opts?: { client?: boolean, server?: boolean }): Promise<void>, destroy (): Promise<void> }
  class Hyperswarm {
    constructor (opts: { dht: HyperDHT, keyPair?: { publicKey: Buffer, secretKey: Buffer } })
    readonly keyPair: { publicKey: Buffer, secretKey: Buffer }
    readonly dht: HyperDHT
    readonly connections: Set<Connection>
    readonly connecting: number
    join (topic: Buffer, opts?: { server?: boolean, client?: boolean }): Discovery
    leave (topic: Buffer): Promise<void>
    joinPeer (publicKey: Buffer): void
    leavePeer (publicKey: Buffer): void
    listen (): Promise<void>
    flush (): Promise<void>
    destroy (): Promise<void>
    on (event: 'connection', fn: (conn: Connection, info: unknown) => void): this
    on (event: string, fn: (...args: any[]) => void): this
  }
  export default Hyperswarm
}

declare module 'protomux' {
  interface Encoding<T> { preencode (state: unknown, value: T): void, encode (state: unknown, value: T): void, decode (state: unknown): T }
  interface Message<T> { send (value: T): boolean }
  interface Channel {
    addMessage<T> (opts: { encoding: Encoding<T>, onmessage: (value: T) => void }): Message<T>
    open (handshake?: unknown): void
    close (): void
    readonly closed: boolean
  }
  class Protomux {
    static from (stream: unknown): Protomux
    createChannel (opts: { protocol: string, id?: Buffer | null, unique?: boolean, onopen?: () => void, onclose?: () => void }): Channel | null
  }
  export default Protomux
}
