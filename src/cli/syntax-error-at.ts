import { spawnSync } from 'node:child_process'

/**
 * Where a JavaScript module's syntax error is, as ` at app.mjs:4: const say = (text: string) => …`,
 * or '' when that cannot be told. Node's SyntaxError from `import()` of an ES module says only
 * "Unexpected token ':'", with no file or line (newcomer audit h183: a TypeScript annotation left
 * in an --app .mjs); `node --check` prints them. Run only after a load failed, on the entry file
 * alone: an error in a module it imports is not found here, and the message stays as Node's.
 */
export function syntaxErrorAt(file: string, shownAs: string): string {
  if (!/\.(c|m)?js$/.test(file)) return ''
  const checked = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 10_000 })
  const [where, source] = (checked.stderr ?? '').split('\n')
  const line = /:(\d+)$/.exec(where ?? '')?.[1]
  if (checked.status === 0 || !line) return ''
  const code = (source ?? '').trim()
  return ` at ${shownAs}:${line}${code ? `: ${code.length > 80 ? `${code.slice(0, 80)}…` : code}` : ''}`
}
