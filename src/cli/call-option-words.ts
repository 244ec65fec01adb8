import { drivers } from '../index.js'

/**
 * What the options that say which call to make take, in the words the CLI's "needs a value" error
 * uses (read-args.ts): one wording for every command that has them (dial, explore, run).
 */
export const CALL_OPTION_WORDS = {
  platform: `a platform: ${Object.keys(drivers).join(', ')}`,
  'webhook-path': 'a path',
  from: 'a phone number such as +14155550100',
  to: 'a phone number such as +14155550199',
} as const
