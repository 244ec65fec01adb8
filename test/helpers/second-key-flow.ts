import { expect } from 'vitest'
import type { CallFlow, CallResult, Drivers } from '../../src/index.js'

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

/**
 * The hang-up-after-a-key call (test/dsl/hang-up-while-answer-pending.test.ts, its agent twin,
 * test/dsl/late-answer-never-came-after-hang-up.test.ts): the caller presses "1" at a Webex Connect
 * menu, whose answer the app holds (a lookup), stays silent 1 s and hangs up.
 */
export function hangsUpSecondAfterKey(flow: CallFlow<Drivers['webex-connect']>) {
  return flow.expectAction('ANSWER').expectAction('PLAY').pressDigits('1').staySilent(1000).hangUp()
}

/**
 * That call ended by the caller 1 s after the key's webhook, the app's held answer never run (only
 * ANSWER and PLAY are actions). Returns the key's instant (virtual ms).
 */
export function expectHungUpSecondAfterKey(call: CallResult<Drivers['webex-connect']>): number {
  const pressed = call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'COLLECTED_DIGITS')!.at
  expect(call.end).toMatchObject({ by: 'caller', at: pressed + 1000 })
  expect(call.actions.map((a) => a.name)).toEqual(['ANSWER', 'PLAY'])
  return pressed
}
