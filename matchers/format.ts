import type { MatcherState } from 'vitest'
import { isCallResult, type CallResult } from '../src/index.js'
import { isActionRecord } from '../src/utils/action-record.js'
import { fromUsersCode } from '../src/utils/own-files.js'

/**
 * Guards the received value; the likeliest mistakes are named with what to write instead: a flow
 * that was not awaited, and the call's actions (`call.actions`, or one of them, as
 * `expect(call.actions).toContainEqual(expect.toHaveAction('PATCH'))` hands the matcher) in place of
 * the call. `usage` is the matcher's call as the test wrote it (`toHaveAction('PATCH')`).
 */
export function assertCallResult(received: unknown, matcher: string, usage: string): asserts received is CallResult {
  if (isCallResult(received)) return
  throw misuse(wrongReceived(received, matcher, usage))
}

/**
 * A usage error whose stack starts at the test's `expect(…)`, as CallspecUsageError's does (still a
 * TypeError by name): the runner pointed at `node_modules/callspec/matchers/format.ts`, a path the
 * package does not ship (audit-111 8).
 */
export function misuse(message: string): TypeError {
  const error = new TypeError(message)
  if (typeof error.stack === 'string') error.stack = fromUsersCode(error.stack)
  return error
}

function wrongReceived(received: unknown, matcher: string, usage: string): string {
  const flow = typeof received === 'object' && received !== null && typeof (received as { then?: unknown }).then === 'function'
  const head = `[callspec] ${matcher}: the received value must be a CallResult`
  const instead = `Pass the call itself: expect(call).${usage}`
  if (isActionRecord(received)) {
    return (
      `${head} (the awaited call), got an action record (${received.name}, an entry of call.actions). ${instead}, which looks through all its actions; ` +
        `expect(call.actions).toContainEqual(expect.${matcher}(…)) hands the matcher one action at a time.`
    )
  }
  if (Array.isArray(received) && received.length > 0 && received.every(isActionRecord)) {
    return `${head} (the awaited call), got an array of action records (call.actions). ${instead}.`
  }
  // call.prompts, the likeliest array after call.actions: said as what it is (newcomer audit-155 N10: "got object").
  if (Array.isArray(received) && received.length > 0 && received.every((p) => typeof p === 'string')) {
    return `${head} (the awaited call), got an array of strings (call.prompts?). ${instead}.`
  }
  const got = flow ? 'a CallFlow (not yet run)' : received === null ? 'null' : Array.isArray(received) ? 'an array' : typeof received
  return `${head}, got ${got}.${flow ? ' Did you forget `await` before callTo(…)?' : ''}`
}

/** The hint line, a blank line, then the sentence: vitest's own matcher message shape. */
export function message(state: MatcherState, name: string, expectedArg: string, lines: string[]): string {
  const hint = state.utils.matcherHint(`${state.isNot ? '.not' : ''}.${name}`, 'call', expectedArg)
  return [hint, '', ...lines].join('\n')
}

export function transcriptOf(call: CallResult): string {
  return call.print()
}
