/** Human-readable sizes, SI-free: KiB, MiB, GiB as in restic's output. */
export function bytes (n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let i = 0
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++ }
  return i === 0 ? `${n} B` : `${n.toFixed(1)} ${units[i]}`
}

function duration (s: number): string {
  if (!Number.isFinite(s)) return '--:--'
  const m = Math.floor(s / 60)
  return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`
}

/** A one-line progress display on stderr, redrawn at most five times a second. */
export class Progress {
  private last = 0
  private readonly start = Date.now()
  private shown = false

  constructor (private readonly enabled: boolean) {}

  update (files: number, done: number, total: number): void {
    if (!this.enabled) return
    const now = Date.now()
    if (now - this.last < 200) return
    this.last = now
    const secs = (now - this.start) / 1000
    const rate = done / Math.max(secs, 0.001)
    const eta = total > done ? (total - done) / rate : 0
    const pct = total > 0 ? ` ${Math.min(100, (100 * done / total)).toFixed(0)}%` : ''
    process.stderr.write(`\r\x1b[K${files} files, ${bytes(done)}${total > 0 ? ' of ' + bytes(total) : ''}${pct}, ${bytes(rate)}/s, ETA ${duration(eta)}`)
    this.shown = true
  }

  done (): void {
    if (this.shown) process.stderr.write('\r\x1b[K')
  }
}
