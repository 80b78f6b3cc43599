/**
 * The one error class of p2vault. Callers switch on `code`, never on the message.
 * `integrity` marks failures of authentication or hashing (CLI exit code 3).
 */
export class P2VaultError extends Error {
  readonly code: string
  readonly integrity: boolean

  constructor (code: string, message: string, integrity = false) {
    super(message)
    this.name = 'P2VaultError'
    this.code = code
    this.integrity = integrity
  }

  static INVALID_KEY (msg: string) { return new P2VaultError('INVALID_KEY', msg) }
  static WRONG_KEY_TYPE (msg: string) { return new P2VaultError('WRONG_KEY_TYPE', msg) }
  static WRONG_KEY (msg: string) { return new P2VaultError('WRONG_KEY', msg, true) }
  static KEY_LOCKED (msg: string) { return new P2VaultError('KEY_LOCKED', msg) }
  static BAD_PASSPHRASE () { return new P2VaultError('BAD_PASSPHRASE', 'wrong passphrase for the vault key file') }
  static BLOCK_AUTH_FAILED (what: string) {
    return new P2VaultError('BLOCK_AUTH_FAILED', `${what} failed authentication (corrupted or tampered block, or wrong vault key)`, true)
  }

  static CHUNK_ID_MISMATCH (what: string) {
    return new P2VaultError('CHUNK_ID_MISMATCH', `${what}: content does not match its chunk id (corrupted or tampered data)`, true)
  }

  static BAD_SIGNATURE (what: string) { return new P2VaultError('BAD_SIGNATURE', `${what}: signature does not verify`, true) }
  static BAD_RECORD (what: string) { return new P2VaultError('BAD_RECORD', `malformed record: ${what}`, true) }
  static UNSUPPORTED_VERSION (what: string, version: number) {
    return new P2VaultError('UNSUPPORTED_VERSION', `${what} has format version ${version}, which this p2vault does not know; upgrade p2vault`, true)
  }

  static UNSAFE_NAME (name: string) {
    return new P2VaultError('UNSAFE_NAME', `refusing unsafe name in tree: ${JSON.stringify(name)}`, true)
  }

  static MISSING_BLOCK (what: string) { return new P2VaultError('MISSING_BLOCK', `${what} is not available locally`) }
  static NO_VAULT (msg: string) { return new P2VaultError('NO_VAULT', msg) }
  static VAULT_EXISTS (name: string) { return new P2VaultError('VAULT_EXISTS', `a vault named "${name}" already exists`) }
  static NO_SNAPSHOT (ref: string) { return new P2VaultError('NO_SNAPSHOT', `no snapshot matches "${ref}"`) }
  static AMBIGUOUS_SNAPSHOT (ref: string, n: number) {
    return new P2VaultError('AMBIGUOUS_SNAPSHOT', `snapshot id prefix "${ref}" matches ${n} snapshots; give more characters`)
  }

  static NO_PATH (path: string) { return new P2VaultError('NO_PATH', `path does not exist: ${path}`) }
  static NOT_IN_SNAPSHOT (path: string) { return new P2VaultError('NOT_IN_SNAPSHOT', `path not in snapshot: ${path}`) }
  static DEST_NOT_WRITABLE (path: string, reason: string) {
    return new P2VaultError('DEST_NOT_WRITABLE', `cannot write to destination ${path}: ${reason}`)
  }

  static SNAPSHOT_TOO_LARGE () {
    return new P2VaultError('SNAPSHOT_TOO_LARGE', 'snapshot record does not fit in one meta block (too many paths or tags)')
  }

  static BAD_SETTING (msg: string) { return new P2VaultError('BAD_SETTING', msg) }
  static IO (msg: string) { return new P2VaultError('IO', msg) }
  static NO_PEERS (msg: string) { return new P2VaultError('NO_PEERS', msg) }
  static NO_NETWORK (msg: string) { return new P2VaultError('NO_NETWORK', msg) }
  static REPLICAS_TIMEOUT (want: number, got: number, ms: number) {
    return new P2VaultError('REPLICAS_TIMEOUT', `only ${got} of ${want} seeders confirmed this push within ${Math.round(ms / 1000)} s; the snapshot is safe locally and replicates on the next sync`)
  }

  static VERIFY_FAILED (n: number) { return new P2VaultError('VERIFY_FAILED', `verify found ${n} error(s)`, true) }
}

export function isP2VaultError (err: unknown): err is P2VaultError {
  return err instanceof P2VaultError
}
