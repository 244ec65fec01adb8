import { timesPlayed } from './audio.js'
import type { Action, CollectAction } from './schemas.js'

/** ` ×2` for a prompt played more than once; a PLAY loop callspec plays once (rule voxology/play-loop) shows nothing. */
const times = (loop: unknown) => (timesPlayed(loop) > 1 ? ` ×${timesPlayed(loop)}` : '')

const quote = (text: string, max = 60) => JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text)

/** One transcript line for an action the platform executed; `spoken` is SAY's text after templates. */
export function summarizeAction(action: Action, spoken?: string): string {
  switch (action.type) {
    case 'SAY':
      return `${quote(spoken ?? action.params.text)}${times(action.params.loop)}`
    case 'PLAY':
      return `${action.params.url}${times(action.params.loop)}`
    case 'COLLECT':
      return describeCollect(action)
    case 'CONFERENCE':
      return JSON.stringify(action.params.name)
    case 'REDIRECT':
      return `${action.params.method ?? 'POST'} ${action.params.url}`
    case 'HANGUP':
      return ''
    case 'DIAL':
      return typeof action.params?.no === 'string' ? `→ ${action.params.no}` : '(no params.no)'
    case 'RECORD':
      return action.name ? JSON.stringify(action.name) : ''
    case 'QUEUE':
    case 'DETECT':
      return '(not simulated: parameters not documented)'
    case 'LABEL':
      return action.name
    case 'GOTO':
      return `→ ${action.params.label}`
    case 'IF':
      return action.condition
    case 'SESSIONDATA':
      return JSON.stringify(action.session_data)
  }
}

/** `"rating" (max 1, pound ends, 5 s timeout)`. */
export function describeCollect(action: CollectAction): string {
  const p = action.params ?? {}
  const bits = [p.num_digits !== undefined && p.num_digits >= 1 && `max ${p.num_digits}`, p.finish_on_key && `${p.finish_on_key} ends`, p.timeout !== undefined && `${p.timeout / 1000} s timeout`]
  const name = action.name ? `${JSON.stringify(action.name)} ` : ''
  const detail = bits.filter(Boolean).join(', ')
  return `${name}${detail ? `(${detail})` : ''}`.trim()
}
