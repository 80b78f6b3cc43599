import { Home, Vault, initVault, push } from './.dist-lead/src/index.js'
import fs from 'node:fs'
const dir = '/tmp/memprobe'; fs.rmSync(dir, { recursive: true, force: true })
const home = new Home(dir); await initVault(home)
const v = new Vault(home, 'default'); await v.ready()
let max = { rss: 0 }
const iv = setInterval(() => { const m = process.memoryUsage(); if (m.rss > max.rss) max = m }, 100)
await push(v, '/tmp/big')
clearInterval(iv); await v.close()
const mb = (x) => (x / 1048576).toFixed(0)
console.log('peak rss', mb(max.rss), 'heapTotal', mb(max.heapTotal), 'heapUsed', mb(max.heapUsed), 'external', mb(max.external), 'arrayBuffers', mb(max.arrayBuffers))
