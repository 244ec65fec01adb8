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
