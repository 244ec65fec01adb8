import { namesNothing, type WireResponse } from '../../src/driver/index.js'
import type { WebexRuleId } from './rules.js'
import type { Action, EventName } from './schemas.js'

type ActionName = Action['action']
const MEDIA: readonly ActionName[] = ['PLAY', 'RECORD', 'PATCH', 'HANGUP', 'REJECT']

/**
 * Which actions may answer which event (the actions Webex Connect's docs allow after each event).
 * REJECT is accepted wherever HANGUP is: the docs and the SDKs use both names for the same action
 * (Webex Connect's sources disagree).
 */
export const ALLOWED_REPLIES: Record<EventName, readonly ActionName[]> = {
  ACCEPTED: ['ANSWER', 'REJECT', 'HANGUP'],
  ANSWERED: MEDIA,
  PLAYED: MEDIA,
  STREAMED: MEDIA,
  RECORDED: MEDIA,
  COLLECTED_DIGITS: MEDIA,
  // Anticipated reply is PLAY (leave a message); hanging up is plausible. [inferred]
  VMDETECTED: ['PLAY', 'HANGUP', 'REJECT'],
  // While the legs are bridged only a hang-up (or nothing) makes sense; after a failed or
  // released patch the caller is alone again and any media action may follow. [inferred]
  PATCHED: MEDIA,
  FAILURE: MEDIA,
  DROPPED: [],
}

/** PATCHED with a live bridge: the app may answer with nothing, or end the call. */
export const WHILE_BRIDGED: readonly ActionName[] = ['HANGUP', 'REJECT']

/**
 * Whether an answer to PATCHED or VMDETECTED carries no action. [inferred] The docs list no reply
 * to PATCHED, and expect PLAY after VMDETECTED without saying what no action does, so what the app
 * answers to either is callspec's reading, never a documented rule: an acknowledgement is no
 * action, as an empty 200 is. That is any 2xx whose body is empty; not JSON (`OK`, from
 * `res.sendStatus(200)`); JSON that is not an object (`"OK"`, `true`); or a JSON object with no
 * `action` key (`{}`, `{ "ok": true }`): the platform reads the action from `action`, so a body
 * without one names none. What does carry one goes through the action schema and the sequencing
 * rules: an object with an `action` key, an array (a list of actions is another platform's
 * shape), text that starts like JSON but does not parse (a broken action, not an
 * acknowledgement), and a compressed body (it cannot be read: readJson says so). While the patch
 * is bridged no action is the expected answer; once it ended or failed, rule
 * webex-connect/reply-after-patch judges it; after VMDETECTED, rule webex-connect/reply-to-vmdetected.
 */
export function carriesNoAction(response: WireResponse): boolean {
  if (response.status < 200 || response.status > 299) return false
  return namesNothing(response, (answer) => 'action' in answer)
}

/** The rule a sequencing problem breaks: documented pairs, or callspec's inference where the docs list none. */
export function sequencingRule(event: EventName, action: ActionName, bridged: boolean): WebexRuleId {
  if (event === 'DROPPED') return 'webex-connect/nothing-after-dropped'
  if (action === 'ANSWER') return 'webex-connect/answer-only-after-accepted'
  // The API reference and the guide disagree on media actions before ANSWER (the actions Webex
  // Connect's docs allow after each event).
  if (event === 'ACCEPTED') return 'webex-connect/answer-before-media'
  // After VMDETECTED: the voicemail rule, whatever the answer (audit-110 F3: filed under the bridge's rule, turning that off silenced both).
  if (event === 'VMDETECTED') return 'webex-connect/reply-to-vmdetected'
  if (bridged || event === 'PATCHED' || event === 'FAILURE') return 'webex-connect/replies-while-bridged'
  return 'webex-connect/allowed-replies'
}

export function sequencingProblem(event: EventName, action: ActionName, bridged: boolean): string | undefined {
  const allowed = bridged ? WHILE_BRIDGED : ALLOWED_REPLIES[event]
  if (allowed.includes(action)) return undefined
  if (event === 'DROPPED') {
    return `the call has dropped, but the app answered DROPPED with ${action}: the docs expect no action after DROPPED, and the call is over. Answer DROPPED with an empty 200.`
  }
  if (action === 'ANSWER') return `ANSWER is only allowed in reply to ACCEPTED; the app sent it in reply to ${event}.`
  if (event === 'ACCEPTED') {
    return `${action} in reply to ACCEPTED: the API reference answers ACCEPTED only with ANSWER, REJECT or HANGUP (the newer guide page also lists media actions for a new inbound call). Answer ACCEPTED with ANSWER, then play once ANSWERED comes.`
  }
  const list = allowed.join(', ')
  // Where the docs list no reply (PATCHED) or expect one (VMDETECTED), the message says it is callspec's expectation, not a vendor rule.
  if (bridged) return `${action} in reply to PATCHED while the patch is bridged: the docs list no reply to PATCHED; callspec expects ${list}, or an empty 200.`
  if (event === 'VMDETECTED') return `${action} in reply to VMDETECTED: the docs expect PLAY (to leave a message); callspec also takes HANGUP or REJECT.`
  return `${action} is not allowed in reply to ${event}; allowed: ${list}.`
}
