import type { Test } from 'brittle'
import { P2VaultError } from '../../src/errors.js'

/**
 * Asserts that `fn` throws a P2VaultError with `code` (callers switch on codes, never on
 * messages) and returns the error for further checks, or null if it did not throw that.
 */
export function throwsCode (t: Test, fn: () => unknown, code: string, message = `throws ${code}`): P2VaultError | null {
  try {
    fn()
  } catch (err) {
    const actual = err instanceof P2VaultError ? err.code : `${(err as Error).name}: ${(err as Error).message}`
    t.is(actual, code, message)
    return err instanceof P2VaultError ? err : null
  }
  t.fail(`${message}, but it returned`)
  return null
}

export const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')
