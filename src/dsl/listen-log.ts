import type { PlatformCall } from '../driver/types.js'
import type { CallSession } from '../session/call-session.js'
import type { ListenRecord } from '../session/types.js'

type Input = NonNullable<ListenRecord['input']>

/**
 * Writes down, in the transcript, that the platform listens now (once per listening point: a new
 * action, or the same action listening differently, such as a capture's second try).
 */
export function noteListening(session: CallSession, call: PlatformCall): ListenRecord | undefined {
  const listening = call.listening()
  if (!listening) return undefined
  const listens = session.transcript.listens
  const actionIndex = session.queue.length - 1
  const last = listens.at(-1)
  if (last && last.actionIndex === actionIndex && last.listening.describe === listening.describe) return last
  const record: ListenRecord = { turn: session.turn, at: session.clock.now(), actionIndex, listening }
  listens.push(record)
  return record
}

/**
 * The platform listens at a point the caller has not answered yet: not still the point of the
 * last input (a REST-driven app may not have sent its next command yet).
 */
export function listensAfresh(session: CallSession, call: PlatformCall): boolean {
  const listening = call.listening()
  if (!listening) return false
  const last = session.transcript.listens.at(-1)
  return !last?.input || last.actionIndex !== session.queue.length - 1 || last.listening.describe !== listening.describe
}

/** The caller acts while the platform listens: the edge leaving the current listening point. */
export function noteInput(session: CallSession, call: PlatformCall, input: Input): void {
  const record = noteListening(session, call)
  if (!record) return
  if (!record.input) {
    record.input = input
    return
  }
  // A second entry at the same listening point (keys on a bridged call): its own edge.
  session.transcript.listens.push({ ...record, at: session.clock.now(), input })
}

/**
 * After the platform moved on while the caller said nothing: if the point it listened at is gone
 * (or the app acted), the caller's silence ran into the timeout.
 */
export function noteTimeout(session: CallSession, call: PlatformCall, open: ListenRecord | undefined): void {
  if (!open || open.input) return
  if (session.queue.length - 1 !== open.actionIndex || call.listening()?.describe !== open.listening.describe) {
    open.input = { kind: 'silence' }
  }
}
