import { join } from 'node:path'
import { distIsFresh, root } from './dist-fresh.js'

const BUILT = join(root, 'dist/cli.js')

/**
 * Node's arguments that run `callspec …args` in a process of its own: the built CLI (dist/cli.js,
 * as users run it) when dist/ is newer than every source file, which `npm test` makes sure of
 * (it builds first); else the sources through tsx, so a test run after editing src/ without a
 * build still tests the edit. The built CLI starts on ~0.5 s of CPU against ~2.5 s through tsx
 * (measured, `--version`): the suite starts it about 45 times. An argument naming a TypeScript
 * module (an app given to --app or explore) needs tsx's loader either way, as a user's would.
 */
export function cliNodeArgs(args: readonly string[]): string[] {
  const typescriptModule = args.some((arg) => /\.(c|m)?tsx?\b/.test(arg))
  if (distIsFresh()) return [...(typescriptModule ? ['--import', 'tsx'] : []), BUILT, ...args]
  return ['--import', 'tsx', join(root, 'src/cli/index.ts'), ...args]
}

/** The same as one shell command line (for a pipeline), each argument quoted. */
export const cliShellCommand = (args: readonly string[]): string => [process.execPath, ...cliNodeArgs(args)].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ')
