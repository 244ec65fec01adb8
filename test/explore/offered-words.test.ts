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

  // Brief h209: `your account number` was tried as speech, a call spent on filler.
  it('does not try the words of a "say your …" request as speech', async () => {
    const ASK = 'Please say your account number, or say agent.'
    const asks = webexApp((event) => {
      if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
      if (event.event === 'ANSWERED') return { action: 'PLAY', audio: [tts(ASK)], ...listen }
      if (event.event === 'STREAMED') return { action: 'PLAY', audio: [tts(String(event.text ?? '').toLowerCase() === 'agent' ? 'Connecting you. Goodbye.' : 'Sorry, goodbye.')] }
      if (event.event === 'PLAYED') return { action: 'HANGUP' }
      return undefined
    })
    const result = await explore(asks, { platform: 'webex-connect', maxDepth: 3 })
    expect(edgesAt(result, /Please say your account number/)).toEqual([
      '"agent" → "Connecting you. Goodbye.", then ended by app: HANGUP',
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
    // Brief h209: a "say X" that asks for something of the caller's was tried as speech (`your account number`).
    ['Please say your account number.', []],
    ['Say the name of the department, or say operator.', ['operator']],
    ['To hear it again, say a word like repeat.', []],
    // Audit h212: skipping every phrase with "the" or "my" lost real choices (all three were tried before).
    ['You can say the weather, the news, or sports.', ['the weather', 'the news', 'sports']],
    ['Say my balance, or say agent.', ['my balance', 'agent']],
    // A request that reads as a choice is tried: a probe wasted, where a choice skipped is a branch missed.
    ['Say the department, or say operator.', ['the department', 'operator']],
    ['Say an amount, or press 0.', []],
    // Quoted words are kept as they are.
    ['Say "my account" for your balance.', ['my account']],
    ['Say “the front desk” to reach reception.', ['the front desk']],
    // Single quotes were not read: the "say" pass tried `yes' to confirm` as speech, and `'main menu' to go back` not at all.
    ["Say 'yes' to confirm.", ['yes']],
    ["Say 'main menu' to go back, or ‘agent’ for help. Don't hang up.", ['main menu', 'agent']],
    ['Say "yes" to confirm, or "no" to start over.', ['yes', 'no']],
    // The words before a second "say" lead into it: `for sales` was tried as speech.
    ['For billing say billing, for sales say sales, or say operator.', ['billing', 'sales', 'operator']],
    ['To hear your balance, say balance. For an agent, say agent or press 0.', ['balance', 'agent']],
  ])('reads %j as offering %j', (prompt, words) => {
    expect(offeredWords(prompt)).toEqual(words)
  })
})
