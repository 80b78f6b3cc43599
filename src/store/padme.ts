/**
 * Padmé (Nikitin et al., 2019): rounds a length up so that it leaks O(log log L) bits,
 * with at most ~12% overhead. Applied to the number of blocks one push appends.
 */
export function padme (length: number): number {
  if (length <= 2) return length
  const e = Math.floor(Math.log2(length))
  const s = Math.floor(Math.log2(e)) + 1
  const lastBits = e - s
  const mask = 2 ** lastBits - 1
  return Math.ceil(length / (mask + 1)) * (mask + 1)
}
