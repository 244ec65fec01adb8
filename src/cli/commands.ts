import type { Command } from './io.js'
import { dialCommand } from './dial-command.js'
import { exploreCliCommand } from './explore-command.js'
import { runCommand } from './run-command.js'
import { schemaCommand } from './schema-command.js'
import { validateCommand } from './validate-command.js'

/**
 * Every `callspec <command>`. Adding a command is one line here: `--help`, the command list and
 * the unknown-command message all read this table.
 */
export const commands: Record<string, Command> = {
  run: runCommand,
  validate: validateCommand,
  schema: schemaCommand,
  dial: dialCommand,
  explore: exploreCliCommand,
}
