import type { ApiResponse } from './types.js'

/** How a notice said once per process ends (each of the vendor-host guard's, and the by-URL one). */
export const ONCE_NOTICE = 'Later requests like it are answered alike, without this notice.'

/**
 * What the one notice of a request no call took says, wherever the fake API answered it: in this
 * process after the last call (vendor-guard.ts), or served by URL (unplaced-requests.ts).
 */
export const AFTER_END_ADVICE = `check what the app does after the call ends (a timer, a late clean-up). ${ONCE_NOTICE}`

/** The fake API's answer body as the notice quotes it. */
export const answerBodyText = (answer: ApiResponse): string =>
  answer.body === undefined ? '(no body)' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)
