import { closestName } from '../validation/did-you-mean.js'

/**
 * parseArgs' error for an option the command has not, said as callspec says its other usage
 * errors: `unknown option --targt (did you mean --target?)`. Node's own text (`Unknown option
 * '--targt'. To specify a positional argument starting with a '-', place it at the end of the
 * command after '--', as in '-- "--targt"`) named no option that exists, and its quotes did not
 * pair up (audit-86). The options are read from the command's usage text. Undefined for any other error.
 */
export function unknownOptionMessage(error: unknown, usage: string): string | undefined {
  if ((error as { code?: string }).code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return undefined
  const given = /^Unknown option '([^']+)'/.exec((error as Error).message)?.[1]
  if (given === undefined) return undefined
  const options = [...new Set([...usage.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((m) => m[0]))]
  const name = given.replace(/=.*$/, '')
  const near = name.startsWith('--') ? closestName(name.slice(2), options.map((o) => o.slice(2))) : undefined
  return `unknown option ${name}${near ? ` (did you mean --${near}?)` : ''}`
}

/**
 * parseArgs' error for an option given no value, said as callspec run says it: `--from needs a
 * value, got nothing`. Node's own text (`Option '--from <value>' argument missing`) read like a
 * parser's, and callspec explore printed its whole usage under it (h202). Undefined for any other error.
 */
export function missingValueMessage(error: unknown): string | undefined {
  if ((error as { code?: string }).code !== 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return undefined
  const message = (error as Error).message
  const name = /^Option '(--[a-z][a-z-]*)/.exec(message)?.[1]
  if (name === undefined) return undefined
  // "Ambiguous": another option came where the value should be (`--from --to +1…`).
  return `${name} needs a value, got ${/argument is ambiguous/.test(message) ? `the option after it (a value that starts with "-" is written ${name}=-…)` : 'nothing'}`
}
