/**
 * A failure of the test's own expectation, not of the app: a FlowAssertionError (an action or a
 * prompt other than the one expected, a hang-up not expected), as an Error or as a scenario run's
 * failure record (`{ message, error }`). Read by name: a second copy of callspec (a monorepo's)
 * makes its own class.
 */
export function isTestExpectation(failure: unknown): boolean {
  const error = typeof failure === 'object' && failure !== null && !(failure instanceof Error) ? (failure as { error?: unknown }).error : failure
  return error instanceof Error && error.name === 'FlowAssertionError'
}

/**
 * What a failure says, in one line: the first line of its message without the `[callspec] turn
 * 3, expectAction('PATCH', { … }): ` that names the step (the graph and the emitted suite say
 * where already). Takes what a run holds: an Error, a scenario's failure ({ message, … }) or text.
 */
export function failureHeadline(failure: unknown): string {
  const message =
    typeof failure === 'object' && failure !== null && typeof (failure as { message?: unknown }).message === 'string' ? (failure as { message: string }).message : String(failure)
  const first = message.split('\n')[0] ?? ''
  // The step's call ends at its first "): " (its arguments are the step's, printed on one line).
  return first.replace(/^\[callspec\] (turn \d+, )?(\w+\(.*?\): )?/, '').trim()
}
