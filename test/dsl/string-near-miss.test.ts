/**
 * An expectAction() match whose string differs from the app's only in case, punctuation or
 * spacing: the failure says so, as toHavePlayed does (helper-188: `'three-question survey.'`
 * against the SAY's "three question survey." failed with no word of it).
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { scriptApp, serve } from '../drivers/voxology/helpers.js'
import { accepting, tts } from '../drivers/enablex/apps.js'

const ALIKE = ' (they differ only in case, punctuation or spacing: strings match exactly; copy the text as the app sent it, or write a pattern with /…/i)'
const say = (text: string) => ({ type: 'SAY', params: { text } })

describe('a string match that differs only in case, punctuation or spacing', () => {
  it("Voxology SAY text: a hyphen for a space", async () => {
    const app = scriptApp({ '/': serve([say('Thank you for taking our three question survey.'), { type: 'HANGUP' }]) }).app
    const error = await failureOf(callTo(app, { platform: 'voxology' }).expectAction('SAY', { params: { text: 'Thank you for taking our three-question survey.' } }))
    expect(error.message.split('\n')[0]).toBe(
      `[callspec] turn 1, expectAction('SAY', { params: { text: "Thank you for taking our three-question survey." } }): SAY did not match: params.text: expected "Thank you for taking our three-question survey.", got "Thank you for taking our three question survey."${ALIKE}`,
    )
  })

  it('EnableX play text: case and a full stop', async () => {
    const app = accepting(tts('Welcome to Acme. Press 1.', { prompt_ref: 'menu' }))
    const error = await failureOf(callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play', { text: 'welcome to acme press 1' }))
    expect(error.message.split('\n')[0]).toMatch(/play did not match: text: expected "welcome to acme press 1", got "Welcome to Acme\. Press 1\." \(they differ only in case/)
  })

  it('a number or keys that differ by a sign are not said to differ only in punctuation (no words in them: audit h190)', async () => {
    const app = scriptApp({ '/': serve([say('+15550100'), { type: 'HANGUP' }]) }).app
    const error = await failureOf(callTo(app, { platform: 'voxology' }).expectAction('SAY', { params: { text: '15550100' } }))
    expect(error.message.split('\n')[0]).toMatch(/params\.text: expected "15550100", got "\+15550100"$/)
  })

  it('another text is said as before, with no such note', async () => {
    const app = scriptApp({ '/': serve([say('Goodbye.'), { type: 'HANGUP' }]) }).app
    const error = await failureOf(callTo(app, { platform: 'voxology' }).expectAction('SAY', { params: { text: 'Good night.' } }))
    expect(error.message.split('\n')[0]).toMatch(/params\.text: expected "Good night\.", got "Goodbye\."$/)
  })
})
