import { describe, expect, it } from 'vitest'
import { foldPrompt, normalisePrompt, offeredKeys } from '../../src/graph/normalise.js'

describe('prompt normalisation: menu keys kept, other numbers folded', () => {
  it.each([
    ['Welcome to Acme. Press 1 for your balance, or 2 to speak to an agent.', 'Welcome to Acme. Press 1 for your balance, or 2 to speak to an agent.', '12'],
    ['Press 1 for your balance, 2 to speak to an agent, or 3 to leave a message.', 'Press 1 for your balance, 2 to speak to an agent, or 3 to leave a message.', '123'],
    ['For billing, press 1. For support, press 2.', 'For billing, press 1. For support, press 2.', '12'],
    ['Press 1, 2, or 3.', 'Press 1, 2, or 3.', '123'],
    ['To speak to an operator, dial 0.', 'To speak to an operator, dial 0.', '0'],
    ['Press the 1 key to confirm, press star to cancel.', 'Press the 1 key to confirm, press star to cancel.', '1*'],
    // Amounts, counts, dates, long numbers: folded, in a menu's prompt too.
    ['Your balance is $42.17. Press 1 to hear it again, or 9 to go back.', 'Your balance is # Press 1 to hear it again, or 9 to go back.', '19#'],
    ['You have 3 new messages. Press 1 to hear them.', 'You have # new messages. Press 1 to hear them.', '1#'],
    ['Press 1 for the last 3 transactions, or 2 for 10 more.', 'Press 1 for the last # transactions, or 2 for # more.', '12#'],
    ['Hi Dana, press 1 to confirm your visit on March 3 at 3:30 pm, or 2 to move it.', 'Hi #name, press 1 to confirm your visit on March # at #, or 2 to move it.', '12#'],
    ['Call us at 1-800-555-0100.', 'Call us at #', ''],
    // No lone key after a key word: nothing offered (a two-digit option is not a one-key menu's).
    ['Press 12 for billing.', 'Press # for billing.', ''],
    ['Please enter your PIN, followed by the hash key.', 'Please enter your PIN, followed by the hash key.', ''],
    ["Round 3. I'm thinking of a number between 1 and 100.", "Round # I'm thinking of a number between # and #", ''],
  ])('%s', (text, label, keys) => {
    expect(normalisePrompt(text)).toBe(label)
    expect([...offeredKeys(normalisePrompt(text))].join('')).toBe(keys)
  })

  it("folds every number for a node's id, as labels did before they kept the keys (saved graphs' ids)", () => {
    expect(foldPrompt('Welcome to Acme. Press 1 for your balance, or 2 to speak to an agent.')).toBe('Welcome to Acme. Press # for your balance, or # to speak to an agent.')
    expect(foldPrompt('Press 1, 2, or 3.')).toBe('Press # # or #')
    expect(foldPrompt(normalisePrompt('Your balance is $42.17. Press 1 to hear it again.'))).toBe(foldPrompt('Your balance is $42.17. Press 1 to hear it again.'))
  })
})
