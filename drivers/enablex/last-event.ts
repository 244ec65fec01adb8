import { BEHAVIOUR } from './behaviour.js'

/** An event as it went to the app: its body before encryption (EnableX's Secure Webhooks guide). */
export interface SentEvent {
  name: string
  turn: number
  body: Record<string, unknown>
  encrypted: boolean
}

/**
 * What a call left waiting for the app's next request says of the last event the app was sent:
 * its body and the fields EnableX names it by. An app that ignored the event usually checked
 * another field or spelling (`ev.state === 'digitcollected'` where the name is in `playstate`,
 * `IncomingCall`), and the wait alone can only say that nothing came.
 */
export function describeLastEvent(sent: SentEvent | undefined): string {
  if (!sent) return ''
  const { body } = sent
  const field = body.playstate !== undefined ? 'playstate' : 'state'
  const noState = field === 'playstate' && body.state === undefined ? ' (it has no state)' : ''
  const lines = [
    `The last event the app was sent (turn ${sent.turn})${sent.encrypted ? ', before encryption' : ''}:`,
    JSON.stringify(body),
    `EnableX names it in ${field}: ${JSON.stringify(body[field])}${noState}; an app that checks another field or spelling ignores it.`,
  ]
  const keys = BEHAVIOUR.digitcollectedKeys.filter((key) => body[key] !== undefined)
  if (keys.length > 1) lines.push(`Its keys are in ${keys.join(' and ')}: EnableX's API reference and sample name the field digit, its IVR guide digits, so callspec sends both.`)
  else if (keys.length === 1) lines.push(`Its keys are in ${keys[0]} only: the IVR guide's digits is a menu's field (digitcollected); EnableX shows only digit here.`)
  return `\n${lines.join('\n')}`
}
