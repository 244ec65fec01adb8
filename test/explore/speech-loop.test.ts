/**
 * An endless loop on speech the app does not recognise, at a one-key menu that also listens for
 * speech. Measured before (helper-16): the bundled Python order-status app re-prompts forever on
 * it; the explorer reported a repeated prompt, never the endless loop (it folded the menu's keys
 * and left its made-up wrong speech, "banana", under its own name, which the loop check never
 * follows).
 */
import { describe, expect, it } from 'vitest'
import { explore } from '../../src/index.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

const MENU = 'Press 1 for orders, 2 for hours, or say hours.'
const listen = { collectInput: { maxDigits: 1, digitTimeout: 5 }, streamInput: { timeout: 8, language: 'en-US' } }

/** Speech it does not recognise gets an apology and the menu again, however often. */
function app() {
  return webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED') return { action: 'PLAY', audio: [tts(MENU)], ...listen }
    if (event.event === 'STREAMED') {
      if (/hour/i.test(String(event.text ?? ''))) return { action: 'PLAY', audio: [tts('We are open nine to five. Goodbye.')] }
      return { action: 'PLAY', audio: [tts(`Sorry, I did not catch that. ${MENU}`)], ...listen }
    }
    if (event.event === 'COLLECTED_DIGITS') return { action: 'PLAY', audio: [tts('Goodbye.')] }
    if (event.event === 'PLAYED') return { action: 'HANGUP' }
    return undefined
  })
}

describe('the explorer at a one-key menu that listens for speech too', { timeout: 60_000 }, () => {
  it('reports the endless loop on speech it does not recognise', async () => {
    const result = await explore(app(), { platform: 'webex-connect', maxDepth: 6 })
    const loops = result.findings.filter((f) => f.kind === 'endless-loop')
    expect(loops.map((f) => f.message)).toEqual([
      expect.stringMatching(/^A caller who keeps entering something wrong \(say\("banana"\)\) at "Press 1 for orders, 2 for hours, or say hours\." is prompted again and again: after 8 times the call is still at "Sorry, I did not catch that\./),
    ])
  })
})
