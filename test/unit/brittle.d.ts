// brittle 4 ships no types. This describes only what the tests call, with brittle's real
// signatures (see node_modules/brittle/index.js). It belongs in types/modules.d.ts.

declare module 'brittle' {
  export interface Test {
    plan (n: number): void
    pass (message?: string): void
    fail (message?: string): void
    ok (value: unknown, message?: string): void
    absent (value: unknown, message?: string): void
    is (actual: unknown, expected: unknown, message?: string): void
    not (actual: unknown, expected: unknown, message?: string): void
    alike (actual: unknown, expected: unknown, message?: string): void
    unlike (actual: unknown, expected: unknown, message?: string): void
    comment (...message: unknown[]): void
    teardown (fn: () => unknown): void
  }

  export type TestFn = (t: Test) => void | Promise<void>

  interface TestEntry {
    (name: string, fn: TestFn): void
    /** Registered and reported as TODO, but not run: a known bug, to be enabled by the fix. */
    todo (name: string, fn: TestFn): void
  }

  const test: TestEntry
  export default test
}
