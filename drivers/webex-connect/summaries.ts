import { describeAudio } from './audio.js'
import type { Action, Event } from './schemas.js'

/** One transcript line for an action the app sent. */
export function summarizeAction(action: Action): string {
  switch (action.action) {
    case 'ANSWER':
      return ''
    case 'HANGUP':
    case 'REJECT':
      return action.reason ? JSON.stringify(action.reason) : ''
    case 'PLAY': {
      const parts = [describeAudio(action.audio)]
      const c = action.collectInput
      if (c) {
        const bits = [c.terminationDigit && `${c.terminationDigit} ends`, c.maxDigits && `max ${c.maxDigits}`, `${c.digitTimeout ?? 5} s`]
        parts.push(`collectInput(${bits.filter(Boolean).join(', ')})`)
      }
      if (action.streamInput) parts.push('streamInput')
      return parts.join(', ')
    }
    case 'PATCH':
      return `→ ${action.dialedNumber}${action.recordCall ? ' (recorded)' : ''}`
    case 'RECORD':
      return [
        action.audio ? describeAudio(action.audio) : '',
        `max ${action.timeoutSeconds ?? 30} s`,
        action.terminationDigit ? `${action.terminationDigit} ends` : '',
      ]
        .filter(Boolean)
        .join(', ')
  }
}

/** One transcript line for an event callspec sent. */
export function summarizeEvent(event: Event): string {
  const error = 'error' in event ? (event.error as { code?: string; message: string } | undefined) : undefined
  const failed = 'status' in event && event.status === 'FAILURE' && error ? ` FAILURE ${error.code ?? ''} ${error.message}`.replace(/\s+/g, ' ') : ''
  switch (event.event) {
    case 'ACCEPTED':
    case 'ANSWERED':
      return `from ${event.callerId} to ${event.dialedNumber}`
    case 'COLLECTED_DIGITS':
      return `${JSON.stringify(event.digitsReceived)}${event.terminationDigit ? ` + ${event.terminationDigit}` : ''}${event.numOfDigits === 0 && !event.terminationDigit ? ' (no input)' : ''}`
    case 'STREAMED':
      return failed || JSON.stringify(event.text ?? '')
    case 'PLAYED':
      return `${event.playedDuration} s`
    case 'RECORDED':
      return failed || `${event.recordingLength ?? 0} s → ${event.recordingFileName ?? ''}`
    case 'PATCHED':
      return failed || (event.droppedBy ? `released by ${event.droppedBy}${event.recordingFileName ? ` → ${[event.recordingFileName].flat().join(', ')}` : ''}` : 'connected')
    case 'DROPPED': {
      const error = event.error as { code?: string; message: string } | undefined
      const parts = [event.droppedBy ? `by ${event.droppedBy}` : '', error ? `${error.code ?? ''} ${error.message}`.trim() : '']
      return parts.filter(Boolean).join(', ') + (event.status === 'FAILURE' ? ' (FAILURE)' : '')
    }
    case 'VMDETECTED':
      return 'voicemail answered'
    case 'FAILURE':
      return failed
  }
}
