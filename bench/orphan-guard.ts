/**
 * Preloaded into every process the network bench starts (`node --import`): if the bench dies
 * without stopping it (SIGKILL, a crash), the child notices its parent is gone and shuts down
 * with SIGTERM like a user would, then hard after 10 s, so no seeder or DHT keeps running.
 */
const parent = process.ppid

setInterval(() => {
  if (process.ppid === parent) return
  process.kill(process.pid, 'SIGTERM')
  setTimeout(() => process.exit(1), 10_000).unref()
}, 1000).unref()
