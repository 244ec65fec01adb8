import { AppResponseError } from '../errors/app-response-error.js'
import { errorHead } from '../utils/error-head.js'
import { crashArrivingAs, type CrashKind } from './app-crashes.js'
import type { Transcript } from './transcript.js'

/** What of a call the failure needs: its transcript, and where a failure raised between steps goes. */
interface Session {
  readonly transcript: Transcript
  appStoppedAnswering: boolean
  fatal(error: unknown): void
}

/**
 * An uncaught error of an app in this process after it answered a webhook and before the next
 * went out (app-crashes.ts, afterAnswer): an `async` handler that rejects after `res.json()`. Seen
 * only once every microtask has run, by when the answer has landed and its turn is over, so the
 * call fails at its next step (session.fatal), worded as a throw after `res.end()` is on the
 * answered turn. The returned failure also ends any webhook sent before that step: none reaches
 * an app that, in production, has crashed.
 */
export function failAsThrewAfterAnswer(session: Session, error: unknown): AppResponseError {
  const entry = session.transcript.entries.findLast((e) => e.kind === 'event' && e.response !== undefined)
  const answered =
    entry?.kind === 'event' && entry.response
      ? `the app answered ${entry.name} (${entry.request.method} ${entry.request.url}) with HTTP ${entry.response.status}`
      : 'the app answered'
  const failure = threwAfterAnswering(answered, error, entry?.kind === 'event' ? entry.request.body : undefined, crashArrivingAs())
  session.appStoppedAnswering = true
  session.fatal(failure)
  return failure
}

/**
 * The failure of an app that answered (`answered`: "the app answered ACCEPTED (POST …) with HTTP
 * 200") and then threw: on the answered turn as the wait saw it (call-session.ts), or at the next
 * step when the error came after the turn was over (above). One wording for both.
 */
export function threwAfterAnswering(answered: string, error: unknown, body: string | undefined, kind: CrashKind): AppResponseError {
  const what =
    kind === 'rejection'
      ? 'then left a promise rejection unhandled while still handling it (Node ends the process on an unhandled rejection: in production it crashes the app'
      : 'then threw while still handling it (an uncaught exception: in production it crashes the app'
  return new AppResponseError(`${answered}, ${what}, and the platform's next webhook finds no app): ${errorHead(error)}\nRequest sent:\n${body ?? '(no body)'}`)
}
