#!/usr/bin/env node
import { isP2VaultError } from '../src/index.js'
import { type Options, UsageError, parse, splitCommand } from './args.js'
import { Context } from './context.js'
import * as init from './commands/init.js'
import * as key from './commands/key.js'
import * as push from './commands/push.js'
import * as log from './commands/log.js'
import * as ls from './commands/ls.js'
import * as diff from './commands/diff.js'
import * as pull from './commands/pull.js'
import * as verify from './commands/verify.js'
import * as join from './commands/join.js'
import * as sync from './commands/sync.js'
import * as seeder from './commands/seeder.js'
import * as seeders from './commands/seeders.js'
import * as testnet from './commands/testnet.js'
import * as status from './commands/status.js'

interface Command { options: Options, usage: string, run: (ctx: Context) => Promise<void> }

const COMMANDS: Record<string, Command> = { init, key, join, push, sync, log, ls, diff, pull, verify, status, seeders, seeder, testnet }

/** Exit codes: the CLI's contract, documented in the README. */
export const EXIT = { OK: 0, ERROR: 1, USAGE: 2, INTEGRITY: 3 } as const

const HELP = `usage: p2vault [--home DIR] [--vault NAME] [--json] [--bootstrap HOST:PORT,...] [--offline] <command>

commands:
${Object.values(COMMANDS).map(c => '  ' + c.usage).join('\n')}

global options:
  --home DIR              all local state (env P2VAULT_HOME; default ~/.p2vault)
  --vault NAME            which vault, when the home has several
  --json                  one JSON document on stdout
  --key-file FILE         read the vault key from FILE (or env P2VAULT_KEY) instead of the home
  --passphrase-file FILE  passphrase of a wrapped key file (or env P2VAULT_PASSPHRASE, or a prompt)
  --bootstrap HOST:PORT[,HOST:PORT...]  DHT bootstrap nodes (env P2VAULT_BOOTSTRAP); no default
  --offline               do not use the network even when bootstrap nodes are known

exit codes: 0 ok; 1 error; 2 usage; 3 integrity failure`

export async function main (argv: string[]): Promise<number> {
  const { name, rest } = splitCommand(argv)
  if (name === null || name === 'help') {
    process.stdout.write(HELP + '\n')
    return name === null && !argv.includes('--help') && !argv.includes('-h') ? EXIT.USAGE : EXIT.OK
  }
  const cmd = COMMANDS[name]
  try {
    if (cmd === undefined) throw new UsageError(`unknown command "${name}"`)
    const { values, positionals } = parse(rest, cmd.options)
    if (values.help === true) {
      process.stdout.write(`usage: p2vault ${cmd.usage}\n`)
      return EXIT.OK
    }
    await cmd.run(new Context(values, positionals))
    return EXIT.OK
  } catch (err) {
    return report(err, cmd)
  }
}

/** The error policy, in one place: one clear line for what a user can fix, a stack otherwise. */
function report (err: unknown, cmd: Command | undefined): number {
  if (err instanceof UsageError) {
    process.stderr.write(`error: ${err.message}\nusage: p2vault ${cmd?.usage ?? '<command> (see p2vault --help)'}\n`)
    return EXIT.USAGE
  }
  if (isP2VaultError(err)) {
    process.stderr.write(`error: ${err.message}\n`)
    return err.integrity ? EXIT.INTEGRITY : EXIT.ERROR
  }
  const e = err as NodeJS.ErrnoException
  if (typeof e?.code === 'string' && typeof e.syscall === 'string') {
    process.stderr.write(`error: ${e.message}\n`)
    return EXIT.ERROR
  }
  process.stderr.write(`internal error (please report): ${e?.stack ?? String(err)}\n`)
  return EXIT.ERROR
}

process.exitCode = await main(process.argv.slice(2))
