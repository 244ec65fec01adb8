import { defineRules } from '../../src/validation/rules.js'

/**
 * Every check the Webex Connect simulation makes, with its evidence. A correction (a rule found
 * documented, or a vendor that turns out to accept something) is a one-line change here.
 * Source: "Programmable Voice Calls Using Voice API v1", developers.webexconnect.io.
 */
export const WEBEX_RULES = defineRules({
  'webex-connect/action-schema': {
    fixed: 'the platform cannot run what it cannot read',
    evidence: 'doc',
    source: 'Webex Connect docs: Voice API v1, Actions',
    description: 'an action answering an event has the documented fields and types (PLAY audio, collectInput, PATCH dialedNumber…)',
  },
  'webex-connect/answer-status-200': {
    evidence: 'doc',
    source: 'Webex Connect docs: Voice API v1 ("All these actions have to include 200 OK")',
    description: 'an action is answered with HTTP 200 OK, not another 2xx (a NestJS POST handler answers 201 unless told @HttpCode(200))',
  },
  'webex-connect/unknown-keys': {
    evidence: 'inferred',
    source: 'inferred: not documented',
    description: 'an action holds no key the docs do not name (the docs do not say that unknown keys are rejected)',
  },
  'webex-connect/answer-only-after-accepted': {
    evidence: 'doc',
    source: 'Webex Connect docs: Voice API v1, ANSWER ("only as a response to ACCEPTED")',
    description: 'ANSWER is sent only in reply to ACCEPTED, and ACCEPTED is answered with ANSWER, REJECT or HANGUP',
  },
  'webex-connect/allowed-replies': {
    evidence: 'doc',
    source: 'Webex Connect docs: Voice API v1, events and the actions that answer them',
    description: 'an event is answered with an action the docs allow for it (PLAY, RECORD, PATCH, HANGUP after ANSWERED and media results)',
  },
  'webex-connect/replies-while-bridged': {
    evidence: 'inferred',
    source: 'inferred: not documented',
    description: 'while a PATCH is bridged, PATCHED is answered with an empty 200, HANGUP or REJECT (the docs list no reply to PATCHED); after VMDETECTED only PLAY or a hang-up',
  },
  'webex-connect/reply-after-patch': {
    evidence: 'inferred',
    source: 'inferred: not documented',
    description: 'once a PATCH has ended (the other party left) or failed, PATCHED is answered with an action for the caller (PLAY, RECORD, PATCH, HANGUP); an empty 200 is taken as no action, and the caller is left in silence',
  },
  'webex-connect/nothing-after-dropped': {
    evidence: 'doc',
    source: 'Webex Connect docs: Voice API v1, DROPPED (terminal event)',
    description: 'no action answers DROPPED',
  },
  'webex-connect/final-callback-answered': {
    evidence: 'inferred',
    source: 'inferred: not documented (a 404 means the app has no route for it)',
    description: 'the app answers DROPPED (the call is over) with a 2xx',
  },
  'webex-connect/answer-in-time': {
    evidence: 'inferred',
    source: 'inferred: the webhook timeout is not documented; callspec assumes limits.responseTimeoutMs',
    description: 'the app answers an event (ACCEPTED, ANSWERED, PLAYED…) within limits.responseTimeoutMs of virtual time (4 s by default); an answer its own timer holds back longer is taken, with a warning',
  },
})

export type WebexRuleId = keyof typeof WEBEX_RULES
