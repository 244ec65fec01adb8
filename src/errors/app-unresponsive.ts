/**
 * Failures that say the app stopped answering callspec at all (its event loop blocked, under
 * callspec/agent): the call ends there, nothing more sent to it (end-after-failure.ts), whose
 * farewell would wait on the blocked app again, past the test's timeout (helper-135 finding 3).
 */
const unresponsive = new WeakSet<object>()

export function markUnresponsive<E extends Error>(error: E): E {
  unresponsive.add(error)
  return error
}

export const isUnresponsive = (error: unknown): boolean => typeof error === 'object' && error !== null && unresponsive.has(error)
