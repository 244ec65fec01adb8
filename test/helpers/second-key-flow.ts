import type { CallFlow, Drivers } from '../../src/index.js'

/**
 * The keys-while-held call (test/dsl/keys-while-answer-pending.test.ts, test/agent/keys-while-answer-held.test.ts):
 * a Webex Connect app asks for one key, holds its answer to it (a lookup), then asks for another;
 * the caller types "12" 500 ms apart, so "2" comes while that answer is held, then stays silent
 * through the second question, and the app says `second` (what it took as the second key) and hangs up.
 */
export function typesTwoKeysWhileHeld(flow: CallFlow<Drivers['webex-connect']>, second = 'Second: none.') {
  return flow
    .expectAction('ANSWER')
    .expectAction('PLAY')
    .pressDigits('12', { gapMs: 500 })
    .expectAction('PLAY', { audio: [{ text: 'Another key.' }] })
    .staySilent()
    .expectAction('PLAY', { audio: [{ text: second }] })
    .expectHangup()
}
