import type { MatcherState } from 'vitest'
import { isCallResult, type CallResult } from '../src/index.js'

/** Guards the received value; the likeliest mistake, a flow that was not awaited, is named. */
export function assertCallResult(received: unknown, matcher: string): asserts received is CallResult {
  if (isCallResult(received)) return
  const flow = typeof received === 'object' && received !== null && typeof (received as { then?: unknown }).then === 'function'
  const got = flow ? 'a CallFlow (not yet run)' : received === null ? 'null' : typeof received
  throw new TypeError(
    `[callspec] ${matcher}: the received value must be a CallResult, got ${got}.${flow ? ' Did you forget `await` before callTo(…)?' : ''}`,
  )
}

/** The hint line, a blank line, then the sentence: vitest's own matcher message shape. */
export function message(state: MatcherState, name: string, expectedArg: string, lines: string[]): string {
  const hint = state.utils.matcherHint(`${state.isNot ? '.not' : ''}.${name}`, 'call', expectedArg)
  return [hint, '', ...lines].join('\n')
}

export function transcriptOf(call: CallResult): string {
  return call.print()
}
