/**
 * p2vault: encrypted, deduplicating, versioned backups on Hypercore logs.
 *
 * Open a {@link Vault} in a {@link Home}, then {@link push}, {@link pull}, {@link ls},
 * {@link diff} and {@link verify}. Every failure is a {@link P2VaultError} with a `code`.
 */
export { P2VaultError, isP2VaultError } from './errors.js'
export { Home, type VaultConfig } from './vault/home.js'
export { Vault, type Snapshot, type VaultOptions } from './vault/vault.js'
export { initVault, type InitOptions, type InitResult } from './vault/init.js'
export { push, type PushOptions, type PushResult, type PushProgress, type PushWarning } from './vault/push.js'
export { pull, type PullOptions, type PullResult, type PullProgress } from './vault/pull.js'
export { ls, diff, type ListedEntry, type DiffResult } from './vault/inspect.js'
export { verify, type VerifyResult } from './vault/verify.js'
export { parseVaultKey, parseSeedKey, parseSeederKey, parseInvite, parseVaultKeyOrInvite, formatVaultKey, formatSeedKey, formatSeederKey, formatInvite } from './crypto/keys.js'
export { joinVault, type JoinResult } from './vault/join.js'
export { VaultNetwork, type NetworkOptions } from './net/vault-network.js'
export { parseBootstrap, type Node } from './net/swarm.js'
export { Seeder, type SeederOptions, type SeederEvent } from './seeder/seeder.js'
export { SeederStorage } from './seeder/state.js'
