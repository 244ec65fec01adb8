import type { Limits, PlatformCall } from '../driver/types.js'
import type { CallSession } from '../session/call-session.js'
import { farewellMs } from './resolve-limits.js'

/** Real ms each wait of the platform's last webhooks after a failure may take, at most (farewellMs). */
const FAREWELL_MS = 1_000

/**
 * A call that failed mid-way still ends on the platform's side, as a real one would once the
 * caller hangs up: the platform's last webhooks (DROPPED, a session summary) go out, so the app
 * frees what it keeps per call. Without them an app by URL kept the failed call's state, and the
 * next run of the same seed (the same session id) carried on the old call and failed with another
 * message (helper-16: `turn 4 … in the oven`, then `turn 3 … got HANGUP`, until the app restarted).
 * The failure is decided already: nothing here changes it, its message, or what it printed; the
 * transcript gains the ending after the failing turn. Bounded, errors swallowed. Not sent before
 * the app's first action, nor to an app that stopped answering (it would cost the bound again),
 * nor when the call was stopped at its test's end, nor with the runner's timeout near (farewellMs).
 * When the failing turn ended the call (the app
 * answered HANGUP where the test expected more), only what the platform sends after the end goes.
 */
export async function endAfterFailure(session: CallSession, call: PlatformCall, limits: Limits): Promise<void> {
  // No action taken yet (the first webhook failed: a wrong path or platform, a hostile answer):
  // the call never got going, and the app holds nothing of it to free.
  if (session.queue.length === 0 || session.appStoppedAnswering || session.stopSignal?.aborted) return
  // Ended already (the app hung up in the failing turn): no hang-up to make, but what the platform
  // sends after the end (DROPPED) still goes out; with nothing pending there is nothing to do.
  if (session.ended && !session.clock.peek()) return
  // The failure must reach the test before the runner's timeout does: with it near, the app is told nothing.
  const farewell = farewellMs(FAREWELL_MS)
  if (farewell === 0) return
  // The exchange bounds and the app waits read `limits` live.
  limits.responseTimeoutMs = Math.min(limits.responseTimeoutMs, farewell)
  limits.appTimeoutMs = Math.min(limits.appTimeoutMs, farewell)
  // With the runner's timeout near, the app's timers fire no further than that many virtual ms while
  // an answer waits (as within the platform's patience they would): an app on a 1 ms interval fired
  // 4,000 of them per answer, 0.5-1.1 s of real time at load 8-12, past the runner's timeout.
  if (farewell < FAREWELL_MS) session.webhookPatienceMs = Math.min(session.webhookPatienceMs, farewell)
  const warned = session.warnings.length
  try {
    if (!session.ended) await call.input({ kind: 'hangup', cause: 'end-of-test', label: 'hangs up (after the failure)' })
    for (let i = 0; i < 50 && session.clock.peek(); i++) await session.fireNext()
    await session.settleApp(true)
  } catch {
    // The app's answers to these are not judged: the call failed before them.
  }
  session.takeFatal()
  // Nor warned about: the call's warnings (printed, call.warnings, the reports) stay the failure's.
  session.warnings.length = warned
}
