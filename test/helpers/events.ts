import type { CallResult } from '../../src/index.js'

/** The JSON bodies of the webhooks named `name` that callspec sent during the call. */
export function sent(call: CallResult, name?: string): Array<Record<string, any>> {
  return call.transcript.entries.flatMap((e) =>
    e.kind === 'event' && (name === undefined || e.name === name) ? [JSON.parse(e.request.body ?? 'null')] : [],
  )
}
