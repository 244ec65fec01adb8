import { explore } from '../index.js'
import { EXPLORE_USAGE, exploreCommand } from '../explore/cli.js'
import type { Command } from './io.js'

/** `callspec explore`: the explorer (src/explore/), in the CLI's command table. */
export const exploreCliCommand: Command = {
  summary: 'Explore the IVR breadth-first and report its call graph and findings',
  usage: EXPLORE_USAGE,
  run: (argv, { out, err }) => exploreCommand(argv, explore, out, err),
}
