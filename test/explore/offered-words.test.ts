/**
 * A speech menu that offers its choices in words ("Say billing or sales"): before, the explorer
 * tried only the hints and one unexpected utterance ("banana") there, and a branch reached by a
 * spoken word alone was never found. It now tries the words the prompt offers (offered-words.ts,
 * a heuristic).
 */
import { describe, expect, it } from 'vitest'
import { explore } from '../../src/index.js'
import { offeredWords } from '../../src/explore/offered-words.js'
import { tts, webexApp } from '../helpers/webex-apps.js'
import { edgesAt } from './helpers.js'

const MENU = 'Welcome to Acme. Say billing or sales.'
const listen = { streamInput: { timeout: 8, language: 'en-US' } }

function app() {
  return webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED') return { action: 'PLAY', audio: [tts(MENU)], ...listen }
    if (event.event === 'STREAMED') {
      const text = String(event.text ?? '').toLowerCase()
      if (text === 'sales') return { action: 'PLAY', audio: [tts('Sales team, how can we help? Goodbye.')] }
      if (text === 'billing') return { action: 'PLAY', audio: [tts('Billing is closed today. Goodbye.')] }
      return { action: 'PLAY', audio: [tts('Sorry, goodbye.')] }
    }
    if (event.event === 'PLAYED') return { action: 'HANGUP' }
    return undefined
  })
}

describe('the explorer tries the words a speech menu offers', { timeout: 60_000 }, () => {
  it('finds the branches reached only by saying "billing" or "sales"', async () => {
    const result = await explore(app(), { platform: 'webex-connect', maxDepth: 3 })
    expect(edgesAt(result, /Say billing or sales/)).toEqual([
      '"billing" → "Billing is closed today. Goodbye.", then ended by app: HANGUP',
      '"sales" → "Sales team, how can we help? Goodbye.", then ended by app: HANGUP',
      'other speech → "Sorry, goodbye.", then ended by app: HANGUP',
      'timeout → "Sorry, goodbye.", then ended by app: HANGUP',
      'hangup → caller hung up',
    ])
  })

  it.each([
    ['Welcome. Say billing or sales.', ['billing', 'sales']],
    ['Press 1 for your order status, or 2 for our opening hours. You can also say hours.', ['hours']],
    ['Say "agent" to speak to someone.', ['agent']],
    ['Would you like billing or sales?', ['billing', 'sales']],
    ['Say billing, sales, or technical support, or press 0 for an operator.', ['billing', 'sales', 'technical support']],
    ['Press 1 for sales or 2 for support.', []],
    // h208: a confirmation offered nothing, yes and no being left out as small words.
    ['Is that correct? Say yes or no.', ['yes', 'no']],
  ])('reads %j as offering %j', (prompt, words) => {
    expect(offeredWords(prompt)).toEqual(words)
  })
})
