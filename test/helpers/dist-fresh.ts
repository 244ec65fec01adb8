import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository's root folder. */
export const root = fileURLToPath(new URL('../..', import.meta.url))
/** One file of the build: `npm run build` writes every entry of dist/ in the same tsup run. */
const BUILT = join(root, 'dist/cli.js')
/** What the build reads: a change to any of them makes dist/ stale. */
const SOURCES = ['src', 'drivers', 'matchers', 'package.json', 'tsup.config.ts']

/** The newest modification time under `path` (a file or a folder), in ms. */
function newest(path: string): number {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let latest = stat.mtimeMs
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)))
  return latest
}

let builtIsFresh: boolean | undefined

/**
 * dist/ was built after the last change to the sources (read once per process: ~300 stats), as
 * `npm test` makes sure of (it builds first). A test that runs the build where it is fresh, and the
 * sources where it is not, still tests an edit run without a build.
 */
export function distIsFresh(): boolean {
  if (builtIsFresh !== undefined) return builtIsFresh
  try {
    const built = statSync(BUILT).mtimeMs
    builtIsFresh = SOURCES.every((path) => newest(join(root, path)) < built)
  } catch {
    builtIsFresh = false
  }
  return builtIsFresh
}
