import { callTo } from '../../../src/index.js'
import { accepting, type EnableXEvent } from './apps.js'

const hangupOnFinished = (event: EnableXEvent, api: { call: (m: string, p: string) => unknown }) =>
  event.playstate === 'playfinished' ? api.call('DELETE', `/call/${event.voice_id}`) : undefined

/** An inbound call that plays `play` and hangs up when it has finished. */
export const playing = (play: object, options: object = {}) =>
  callTo(accepting(play, hangupOnFinished), { platform: 'enablex', warnings: 'silent', ...options }).expectAction('accept').expectAction('play').expectAction('hangup')

/** ms from `connected` to `playfinished`: how long the prompt played. */
export const promptMs = (call: { transcript: { entries: ReadonlyArray<{ kind: string; name?: string; at: number }> } }) => {
  const at = (name: string) => call.transcript.entries.find((e) => e.kind === 'event' && e.name === name)!.at
  return at('playfinished') - at('connected')
}
