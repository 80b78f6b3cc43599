/**
 * Exclude patterns, as in restic: `*` and `?` stay within one path component, `**` spans
 * components. A pattern without `/` matches a name at any depth; with one, the path from the
 * pushed root (a leading `/` anchors it there). Excluding a directory excludes what it holds.
 */
export function compileExcludes (patterns: string[]): (relPath: string) => boolean {
  const tests = patterns.map(p => {
    const anchored = p.includes('/')
    const re = globToRegExp(p.replace(/^\/+/, '').replace(/\/+$/, ''))
    return anchored ? (rel: string) => re.test(rel) : (rel: string) => re.test(rel.slice(rel.lastIndexOf('/') + 1))
  })
  return (relPath) => tests.some(t => t(relPath))
}

function globToRegExp (glob: string): RegExp {
  let re = ''
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]
    if (ch === '*' && glob[i + 1] === '*') {
      i++
      if (glob[i + 1] === '/') {
        re += '(?:.*/)?' // "**/": any number of whole directories, including none
        i++
      } else re += '.*'
    } else if (ch === '*') re += '[^/]*'
    else if (ch === '?') re += '[^/]'
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}
