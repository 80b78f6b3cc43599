import { Seeder, formatSeederKey, type SeederOptions } from '../src/index.js'

/**
 * The seeder daemon shell: prints `seeder <KEY>` first, then one JSON line per event, and
 * shuts down cleanly on SIGTERM or SIGINT. All logic is in the Seeder resource.
 */
export async function runSeeder (opts: SeederOptions, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  const seeder = new Seeder(opts)
  const log = (e: Record<string, unknown>): void => { out.write(JSON.stringify({ time: new Date().toISOString(), ...e }) + '\n') }
  out.write(`seeder ${formatSeederKey((await seeder.storage.keyPair()).publicKey)}\n`)
  seeder.on('log', log)
  await seeder.ready()
  log({ event: 'ready', vaults: (await seeder.storage.vaults()).length })
  const signal = await new Promise<string>(resolve => {
    process.once('SIGINT', () => resolve('SIGINT'))
    process.once('SIGTERM', () => resolve('SIGTERM'))
  })
  log({ event: 'shutdown', signal })
  await seeder.close()
  log({ event: 'stopped' })
}
