/**
 * Keys typed past a COLLECT's num_digits in one press (audit voxology-75 F6): the COLLECT ends
 * when num_digits is reached (documented), and callspec keeps no type-ahead for it: each later
 * key goes to what listens when it is pressed, the next COLLECT if the script has reached one.
 * The failure used to show only that the next COLLECT got "#"; a transcript note now says, where
 * they are carried over, that the surplus keys went to the next COLLECT and why.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { scriptApp, serve } from './helpers.js'

const say = (text: string) => ({ type: 'SAY', params: { text } })
const orderCollect = { type: 'COLLECT', name: 'order', params: { num_digits: 6, finish_on_key: 'pound', timeout: 5000 }, actions: [say('Enter your order number, then pound.')] }
const confirm = { type: 'COLLECT', name: 'confirm', params: { num_digits: 1, timeout: 5000 }, actions: [say('Press 1 to confirm.')] }
const decide = { type: 'IF', condition: "$keyPresses == '1'", then: [say('Confirmed.')], orElse: [say('Not confirmed.')] }

describe('keys typed past num_digits', () => {
  it('go to the next COLLECT, and the transcript under the failure says so where they are carried over', async () => {
    const { app } = scriptApp({ '/': serve([orderCollect, confirm, decide, { type: 'HANGUP' }]) })
    const error = await failureOf(
      callTo(app, { platform: 'voxology' })
        .expectAction('COLLECT', { name: 'order' })
        .pressDigits('123456#')
        .expectAction('COLLECT', { name: 'confirm' })
        .pressDigits('1')
        .expectAction('SAY', { params: { text: 'Confirmed.' } })
        .expectHangup(),
    )
    const note =
      '· keys "#" (the rest of the caller\'s 123456#) came after COLLECT "order" had ended at its num_digits (6): COLLECT "confirm" took them. ' +
      'A COLLECT ends when num_digits is reached, and keys typed past it go to what listens next'
    expect(error.message).toContain(note)
    // Where it happened: after the first COLLECT's result, before the second one's.
    const at = error.message.indexOf(note)
    expect(error.message.indexOf('COLLECT "order" → $keyPresses = "123456" (6 digit(s))')).toBeLessThan(at)
    expect(error.message.indexOf('COLLECT "confirm" → $keyPresses = "#" (1 digit(s))')).toBeGreaterThan(at)
  })

  it('a press that fits its COLLECT gets no such note', async () => {
    const { app } = scriptApp({ '/': serve([orderCollect, confirm, decide, { type: 'HANGUP' }]) })
    const call = await callTo(app, { platform: 'voxology' })
      .expectAction('COLLECT', { name: 'order' })
      .pressDigits('123456')
      .expectAction('COLLECT', { name: 'confirm' })
      .pressDigits('1')
      .expectAction('SAY', { params: { text: 'Confirmed.' } })
      .expectHangup()
    expect(call.print()).not.toContain('came after COLLECT')
  })

  it('past the end of a script that REDIRECTs, nothing is collecting: the note says they are ignored', async () => {
    const { app } = scriptApp({
      '/': serve([orderCollect, { type: 'REDIRECT', params: { url: 'https://ivr.example.com/next' } }]),
      '/next': serve([say('Thanks.'), { type: 'HANGUP' }]),
    })
    const call = await callTo(app, { platform: 'voxology' })
      .expectAction('COLLECT', { name: 'order' })
      .pressDigits('123456#')
      .expectAction('REDIRECT')
      .expectAction('SAY')
      .expectHangup()
    expect(call.print()).toContain('keys "#" (the rest of the caller\'s 123456#) came after COLLECT "order" had ended at its num_digits (6): nothing was collecting digits, so the platform ignores them')
  })
})
