import { Seeder, formatSeederKey, type SeederOptions } from '../src/index.js'

/**
 * The seeder daemon shell: prints `seeder <KEY>` first, then one JSON line per event, and
 * shuts down cleanly on SIGTERM or SIGINT. All logic is in the Seeder resource.
 */
export async function runSeeder (opts: SeederOptions, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  const seeder = new Seeder(opts)
  const log = (e: Record<string, unknown>): void => { out.write(JSON.stringify({ time: new Date().toISOString(), ...e }) + '\n') }
  // Signals are handled from the start: one during start-up stops the seeder once it is up.
  const stopped = new Promise<string>(resolve => {
    process.once('SIGINT', () => resolve('SIGINT'))
    process.once('SIGTERM', () => resolve('SIGTERM'))
  })
  out.write(`seeder ${formatSeederKey((await seeder.storage.keyPair()).publicKey)}\n`)
  seeder.on('log', log)
  await seeder.ready()
  log({ event: 'ready', vaults: (await seeder.storage.vaults()).length, address: seeder.address })
  const signal = await stopped
  log({ event: 'shutdown', signal })
  await seeder.close()
  log({ event: 'stopped' })
}
