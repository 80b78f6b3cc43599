import { parseArgs, type ParseArgsConfig } from 'node:util'

export type Options = NonNullable<ParseArgsConfig['options']>
export type Values = Record<string, string | boolean | string[] | undefined>

export class UsageError extends Error {}

export const GLOBAL_OPTIONS: Options = {
  home: { type: 'string' },
  vault: { type: 'string' },
  json: { type: 'boolean' },
  'key-file': { type: 'string' },
  'passphrase-file': { type: 'string' },
  bootstrap: { type: 'string' },
  offline: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
}

/** The first word that is neither an option nor a global option's value. */
export function splitCommand (argv: string[]): { name: string | null, rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (!a.startsWith('-')) return { name: a, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] }
    const opt = GLOBAL_OPTIONS[a.replace(/^--?/, '').split('=')[0]]
    if (opt?.type === 'string' && !a.includes('=')) i++
  }
  return { name: null, rest: argv }
}

export function parse (rest: string[], options: Options): { values: Values, positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: rest, options: { ...GLOBAL_OPTIONS, ...options }, allowPositionals: true, strict: true })
    return { values: values as Values, positionals }
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

export function intOption (values: Values, name: string): number | undefined {
  const v = values[name]
  if (v === undefined) return undefined
  const s = String(v).trim()
  const m = /^(\d+)([kmg]i?b?)?$/i.exec(s)
  if (m === null) throw new UsageError(`--${name} takes a whole number (optionally with K, M or G), not "${s}"`)
  const unit = (m[2] ?? '').toLowerCase()[0]
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1
  return Number(m[1]) * mult
}
