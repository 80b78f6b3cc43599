import test from 'brittle'
import { padme } from '../../src/store/padme.js'
import { compileExcludes } from '../../src/vault/glob.js'

const N = 5000
const ALL = Array.from({ length: N }, (_, i) => i + 1)

test('padme never shrinks: padme(n) >= n for n = 1..5000', (t) => {
  t.alike(ALL.filter(n => padme(n) < n), [])
})

test('padme overhead is at most 12% for n = 16..5000', (t) => {
  const over = ALL.filter(n => n >= 16 && padme(n) > n * 1.12)
  t.alike(over, [])
  t.ok(ALL.some(n => padme(n) > n * 1.1), 'and it does pad by more than 10% somewhere (not an identity)')
})

test('padme is monotonic non-decreasing and idempotent', (t) => {
  t.alike(ALL.filter(n => n > 1 && padme(n) < padme(n - 1)), [], 'monotonic')
  t.alike(ALL.filter(n => padme(padme(n)) !== padme(n)), [], 'idempotent')
})

test('padme leaves 1, 2 and powers of two unchanged and rounds to Padmé sizes', (t) => {
  t.is(padme(1), 1)
  t.is(padme(2), 2)
  for (let k = 2; k <= 20; k++) t.is(padme(2 ** k), 2 ** k, `2^${k}`)
  t.alike([9, 17, 100, 1000, 4097].map(padme), [10, 18, 104, 1024, 4352], 'Padmé examples')
  t.ok(new Set(ALL.map(padme)).size < N / 10, 'few distinct sizes: it hides the exact length')
})

test('"*.tmp" matches a name at any depth but not a longer extension', (t) => {
  const m = compileExcludes(['*.tmp'])
  t.ok(m('a.tmp'))
  t.ok(m('x/y/a.tmp'))
  t.ok(m('.tmp'), '* matches the empty string')
  t.absent(m('a.tmpx'))
  t.absent(m('a.tmp/b'), 'what a matched directory holds is pruned by the walker, not matched here')
  t.absent(m('atmp'), '. is literal')
})

test('"cache/" and "/cache" are anchored at the pushed root', (t) => {
  for (const p of ['cache/', '/cache']) {
    const m = compileExcludes([p])
    t.ok(m('cache'), `${p} matches cache`)
    t.absent(m('a/cache'), `${p} does not match a/cache`)
    t.absent(m('cachex'), `${p} does not match cachex`)
  }
  t.ok(compileExcludes(['cache'])('a/cache'), 'without a slash it matches at any depth')
})

test('"**/node_modules" matches node_modules at the root and at any depth', (t) => {
  const m = compileExcludes(['**/node_modules'])
  t.ok(m('node_modules'))
  t.ok(m('a/node_modules'))
  t.ok(m('a/b/node_modules'))
  t.absent(m('a/node_modules2'))
})

test('"?" matches exactly one character and never "/"', (t) => {
  const m = compileExcludes(['a?c'])
  t.ok(m('abc'))
  t.ok(m('x/a.c'))
  t.absent(m('ac'), 'not zero characters')
  t.absent(m('abbc'), 'not two characters')
  t.absent(compileExcludes(['x/a?c'])('x/a/c'), 'not a slash')
})

test('"*" stays within one component in an anchored pattern', (t) => {
  const m = compileExcludes(['src/*.js'])
  t.ok(m('src/a.js'))
  t.absent(m('src/lib/a.js'))
  t.absent(m('other/src/a.js'))
})

test('no patterns exclude nothing, and any of several patterns excludes', (t) => {
  t.absent(compileExcludes([])('a'))
  const m = compileExcludes(['*.o', '/build'])
  t.ok(m('x/y.o'))
  t.ok(m('build'))
  t.absent(m('src/build'))
})

test('regular expression characters in patterns are literal', (t) => {
  const m = compileExcludes(['a+b(1)$.txt'])
  t.ok(m('a+b(1)$.txt'))
  t.absent(m('aab1.txt'))
})

// "**/" once became ".*" and swallowed part of a name: "**/node_modules" matched
// "xnode_modules" and "a/**/b" matched "a/xb".
test('"**/" spans whole components only', (t) => {
  t.absent(compileExcludes(['**/node_modules'])('xnode_modules'))
  t.absent(compileExcludes(['**/node_modules'])('a/my_node_modules'))
  t.absent(compileExcludes(['a/**/b'])('a/xb'))
  t.ok(compileExcludes(['a/**/b'])('a/x/y/b'))
})
