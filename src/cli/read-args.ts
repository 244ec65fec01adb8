import { parseArgs, type ParseArgsConfig } from 'node:util'
import { CallspecUsageError } from '../errors/usage-error.js'
import { unknownOptionMessage } from './unknown-option.js'

type Options = NonNullable<ParseArgsConfig['options']>
type ValueOptionNames<T extends Options> = { [K in keyof T]: T[K]['type'] extends 'string' ? K : never }[keyof T] & string
/** For each option that takes a value, what it takes ("a URL"): the error for one given none says it. Every such option must have its words. */
export type ValueWords<T extends Options> = Record<ValueOptionNames<T>, string>

/** What parseArgs gives for these options (named, so the declaration files can say it). */
export type ReadArgs<T extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: T }>>

/**
 * A command's arguments it could not read: an unknown option (with the one meant), or an option
 * given no value. Said as `callspec <command>: <message>` and the --help line, exit 2, by the
 * command (run writes its reports too) or by the CLI's entry (index.ts).
 */
export class ArgsError extends CallspecUsageError {}

/**
 * callspec run, explore and dial read their arguments here, so a slip in any of them is said in
 * the same words: the options that take a value are checked first (Node's parseArgs took
 * `--target --reporter junit:x`'s `--reporter` as the URL in a loose reading, and said
 * `Option '--from <value>' argument missing` or "argument is ambiguous" in a strict one), then
 * parseArgs' own unknown-option error is said with the option meant (unknown-option.ts).
 */
export function readArgs<const T extends Options>(argv: string[], options: T, valueOf: ValueWords<T>, usage: string): ReadArgs<T> {
  const missing = optionsWithoutValue(argv, valueOf)[0]
  if (missing) throw new ArgsError(missing.message)
  try {
    return parseArgs({ args: argv, allowPositionals: true, options })
  } catch (error) {
    const message = unknownOptionMessage(error, usage)
    if (message !== undefined) throw new ArgsError(message)
    throw error
  }
}

/**
 * The options that take a value but were given none: followed by another option or by nothing.
 * By index in `argv`, each with its usage error. A value that starts with "-" is given with `=`
 * (`--seed=-5`), as the message says when the word after the option was not an option's name.
 */
export function optionsWithoutValue(argv: readonly string[], valueOf: Readonly<Record<string, string>>): Array<{ index: number; message: string }> {
  const missing: Array<{ index: number; message: string }> = []
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
    const name = /^--([^=]+)$/.exec(argv[i]!)?.[1]
    if (name === undefined || !Object.hasOwn(valueOf, name)) continue
    const next = argv[i + 1]
    if (next !== undefined && !(next.startsWith('-') && next.length > 1)) {
      i++
      continue
    }
    const got = next === undefined ? 'nothing' : /^--?[a-z]/i.test(next) ? `the option ${next}` : `${next}, read as an option (a value that starts with "-" is written --${name}=${next})`
    missing.push({ index: i, message: `--${name} needs a value (${valueOf[name]}), got ${got}` })
  }
  return missing
}
