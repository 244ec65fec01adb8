import type { CallFlow } from '../dsl/call-flow.js'
import type { AnyDriver } from '../driver/types.js'
import type { ExploreOptions } from './types.js'

/** The caller's number and the number dialled, as `callspec explore --from/--to` gives them. */
export interface CallerNumbers {
  from?: string
  to?: string
}

type Setup = NonNullable<ExploreOptions['setup']>

/** Setups made here, with their numbers: data, unlike a config module's own setup() code. */
const made = new WeakMap<Setup, CallerNumbers>()

/**
 * The setup of an exploration by URL that calls from and to given numbers (an app that answers
 * by the caller's number, a number-masking app, a PIN kept per caller). Its numbers are known as
 * data, so the replays write them (`from:`/`to:`, `.fromCaller()`), where a setup() of the user's
 * own is only named for them to write.
 */
export function callerSetup(numbers: CallerNumbers): Setup {
  const setup = (flow: CallFlow<AnyDriver>) => {
    let call = flow
    if (numbers.from !== undefined) call = call.fromCaller(numbers.from)
    if (numbers.to !== undefined) call = call.toNumber(numbers.to)
    return call
  }
  made.set(setup, numbers)
  return setup
}

/** The numbers of a setup `callerSetup` made, or undefined for any other (the user's code). */
export const callerNumbersOf = (setup: ExploreOptions['setup']): CallerNumbers | undefined => (setup ? made.get(setup) : undefined)

/** The chain text of those numbers: `\n  .fromCaller('+14155550100')`. */
export function callerChain(numbers: CallerNumbers): string {
  return `${numbers.from !== undefined ? `\n  .fromCaller(${JSON.stringify(numbers.from).replace(/"/g, "'")})` : ''}${numbers.to !== undefined ? `\n  .toNumber(${JSON.stringify(numbers.to).replace(/"/g, "'")})` : ''}`
}
