import type { Action, VcaWebhook, VcsWebhook, VssWebhook } from './schemas.js'

const quote = (text: string) => JSON.stringify(text.length > 50 ? `${text.slice(0, 50)}…` : text)

/** One transcript line for an action the app sent. */
export function summarizeAction(action: Action): string {
  switch (action.action) {
    case 'makeCall':
      return `${action.params.source} → ${action.params.destination}${action.params.callRecording ? ' (recorded)' : ''}`
    case 'say':
      return `${quote(action.params.text)}${(action.params.repetition ?? 1) > 1 ? ` ×${action.params.repetition}` : ''}`
    case 'playFile':
      return `${action.params.fileUrl}${(action.params.repetition ?? 1) > 1 ? ` ×${action.params.repetition}` : ''}`
    case 'sayAndCapture': {
      const p = action.params
      const digits = p.minDigits === undefined ? `max ${p.maxDigits ?? 25}` : `${p.minDigits}–${p.maxDigits}`
      return `${quote(p.promptMessage)}, ${digits} digits${p.completeOnHash === false ? '' : ', # ends'}, ${p.noOfTries ?? 3} tries`
    }
    case 'hangup':
      return ''
  }
}

/** One transcript line for a VCA. */
export function summarizeVca(body: VcaWebhook): string {
  const p = body.payload
  const dtmf = p.eventData ? ` dtmf ${JSON.stringify(p.eventData.dtmf)}` : ''
  const tag = p.clientActionId !== undefined ? ` [${p.clientActionId}]` : ''
  return p.callStatus === 'CALL_RECEIVED' ? `CALL_RECEIVED from ${p.source} to ${p.destination}` : `ACTION_COMPLETED${dtmf}${tag}`
}

export function summarizeVcs(body: VcsWebhook): string {
  return `${body.payload.callStatus} ${body.payload.callDirection.toLowerCase()} ${body.payload.destination}`
}

export function summarizeVss(body: VssWebhook): string {
  const p = body.payload
  const error = p.errorDetails ? ` ${p.errorDetails.errorCode} ${p.errorDetails.errorMsg}` : ''
  return `${p.sessionStatus}${error}, ${p.callCount} leg(s), last ${p.lastAction}`
}
