import { describe, expect, it } from 'vitest'
import { matches, mismatch } from '../../src/index.js'

const play = { action: 'PLAY', audio: [{ type: 'TTS', text: 'Enter your PIN' }], collectInput: { maxDigits: 4 } }

describe('partial deep matching', () => {
  it('ignores keys the match does not name', () => {
    expect(matches(play, { action: 'PLAY' })).toBe(true)
    expect(matches(play, { collectInput: {} })).toBe(true)
  })
  it('tests strings against RegExps', () => {
    expect(matches(play, { audio: [{ text: /pin/i }] })).toBe(true)
    expect(mismatch(play, { audio: [{ text: /balance/ }] })).toBe('audio[0].text: expected /balance/ to match, got "Enter your PIN"')
  })
  it('lets asymmetric matchers decide', () => {
    expect(matches(play, { collectInput: { maxDigits: expect.any(Number) } })).toBe(true)
    expect(mismatch(play, { collectInput: { maxDigits: expect.any(String) } })).toMatch(/^collectInput\.maxDigits: 4 does not match/)
  })
  it('compares arrays item by item, and their length', () => {
    expect(mismatch(play, { audio: [{}, {}] })).toBe('audio: expected 2 item(s), got 1')
  })
  it('names missing values and wrong types', () => {
    expect(mismatch(play, { streamInput: { timeout: 5 } })).toBe('streamInput: expected an object, got undefined')
    expect(mismatch(play, { collectInput: { maxDigits: 5 } })).toBe('collectInput.maxDigits: expected 5, got 4')
  })
})
