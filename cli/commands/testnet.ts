import createTestnet from 'hyperdht/testnet.js'
import { intOption } from '../args.js'
import type { Context } from '../context.js'

export const options = { port: { type: 'string' }, nodes: { type: 'string' } } as const
export const usage = 'testnet [--port PORT] [--nodes N]   a local DHT on 127.0.0.1 for tests and demos'

export async function run (ctx: Context): Promise<void> {
  ctx.noMoreArgs(0)
  const testnet = await createTestnet(intOption(ctx.values, 'nodes') ?? 3, { host: '127.0.0.1', port: intOption(ctx.values, 'port') ?? 0 })
  const { host, port } = testnet.bootstrap[0]
  process.stdout.write(`bootstrap ${host}:${port}\n`)
  await new Promise<void>(resolve => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await testnet.destroy()
}
