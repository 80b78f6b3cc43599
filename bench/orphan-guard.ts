/**
 * Preloaded into every process the network bench starts (`node --import`): if the bench dies
 * without stopping it (SIGKILL, a crash), the child notices and shuts down with SIGTERM like a
 * user would, then hard after 10 s, so no seeder, push or DHT keeps running. It watches the pid
 * in P2VAULT_BENCH_PID (the bench itself, even under /usr/bin/time), else its parent.
 */
const benchPid = Number(process.env.P2VAULT_BENCH_PID ?? '')
const parent = process.ppid
const gone = (): boolean => benchPid > 0 ? !alive(benchPid) : process.ppid !== parent

function alive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

setInterval(() => {
  if (!gone()) return
  process.kill(process.pid, 'SIGTERM')
  setTimeout(() => process.exit(1), 10_000).unref()
}, 1000).unref()
