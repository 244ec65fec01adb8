import { emptyPromptWords, planPrompt } from './audio.js'
import type { ActionName, EnableXActions, MakeCallRequest, PlayRequest, RecordingRequest } from './schemas.js'
import { recordingIntent } from './recording-intent.js'

const short = (text: string) => (text.length > 50 ? `${text.slice(0, 50)}…` : text)

function describePlay(play: PlayRequest): string {
  const { prompt } = planPrompt(play)
  const parts = [!prompt ? emptyPromptWords(play) : prompt.kind === 'speech' ? `TTS ${JSON.stringify(short(prompt.text))}` : prompt.text]
  if (play.dtmf) parts.push('dtmf')
  if (play.asr) parts.push('asr')
  if (play.prompt_ref !== undefined) parts.push(`ref ${JSON.stringify(String(play.prompt_ref))}`)
  return parts.join(', ')
}

function describeMakeCall(req: MakeCallRequest): string {
  const then = req.action_on_connect
  // The body as sent: an action_on_connect that held only event_url (warned) holds none of the three.
  const next = !then ? '' : 'play' in then ? `, then play ${describePlay(then.play)}` : 'connect' in then ? `, then connect → ${then.connect.to}` : 'room' in then ? `, then room ${then.room.room_id.trim() === '' ? '(empty room_id: none joined)' : then.room.room_id}` : ''
  return `${req.from} → ${req.to}${req.auto_record ? ' (recorded)' : ''}${next}`
}

/** One transcript line for a REST command the app sent. */
export function summarizeAction<N extends ActionName>(name: N, body: EnableXActions[N]): string {
  const b = body as Record<string, any>
  switch (name) {
    case 'make-call':
      return describeMakeCall(body as MakeCallRequest)
    case 'play':
      return describePlay(body as PlayRequest)
    case 'connect':
    case 'forward':
      return `→ ${b.to} (from ${b.from})`
    case 'transfer':
      return `→ ${b.transfer_to} (from ${b.from})`
    case 'hold':
      return b.hold ? 'on' : 'off'
    case 'recording': {
      // Read as commands.ts reads it (recording-intent.ts): start: false / stop: false do nothing.
      const intent = recordingIntent(body as RecordingRequest)
      if (intent === 'nothing') return `${b.start === false ? 'start' : 'stop'}: false (nothing done)`
      return intent === 'start' ? `start${b.recording_name ? ` ${JSON.stringify(b.recording_name)}` : ''}` : 'stop'
    }
    default:
      return ''
  }
}

/**
 * The `state` values of a speech result (EnableX's speech recognition events): what names that
 * event, though `recognized` carries a `playstate` too.
 */
const SPEECH_RESULTS: ReadonlySet<unknown> = new Set(['recognized', 'unrecognized', 'timeout'])

/**
 * The name callspec gives an event (the transcript, `call.event()`): its `playstate` for a prompt's
 * events, else its `state`. A speech result is named by its `state`, as EnableX's speech
 * recognition events list it and `EnableXEvents` types it: `recognized` also carries `playstate:
 * "speech_recognized"`, which named it before, so `call.event('recognized')` found nothing
 * (helper-127 finding 5).
 */
export function eventName(event: Record<string, unknown>): string {
  return String(SPEECH_RESULTS.has(event.state) ? event.state : (event.playstate ?? event.state))
}

/** One transcript line for an event callspec posted. */
export function summarizeEvent(event: Record<string, unknown>): string {
  const ref = event.prompt_ref !== undefined ? ` (ref ${JSON.stringify(event.prompt_ref)})` : ''
  switch (eventName(event)) {
    case 'incomingcall':
      return `from ${String(event.from)} to ${String(event.to)}`
    case 'disconnected':
      return String(event.disconnect_reason ?? '')
    case 'digitcollected':
    case 'dtmfcollected':
      return `${JSON.stringify(event.digit)}${ref}`
    case 'recognized':
      return `${JSON.stringify(event.text)}${ref}`
    case 'bridging':
    case 'bridged':
    case 'bridge_disconnected':
      return `${String(event.to)}`
    case 'failed':
      return `${String(event.to)}: ${String(event.disconnect_reason ?? '')}`
    case 'transfer':
    case 'forward':
      return `${String(event.status)} → ${String(event.to)}${event.disconnect_reason ? `: ${String(event.disconnect_reason)}` : ''}`
    case 'started':
    case 'completed':
      return String(event.description ?? '')
    default:
      return ref.trim()
  }
}
