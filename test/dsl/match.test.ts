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
    expect(mismatch(play, { audio: [{}, {}] })).toBe('audio: expected 2 item(s), got 1 (an array matches item by item, all of them; to find some among more, use expect.arrayContaining([...]))')
  })
  it('names missing values and wrong types', () => {
    expect(mismatch(play, { streamInput: { timeout: 5 } })).toBe('streamInput: expected an object, got undefined')
    expect(mismatch(play, { collectInput: { maxDigits: 5 } })).toBe('collectInput.maxDigits: expected 5, got 4')
  })
  it('says where a missing key is, when the action has it deeper', () => {
    expect(mismatch(play, { text: 'Enter your PIN' })).toBe('text: expected "Enter your PIN", got undefined (no text here; the action has one at audio[0].text)')
    expect(mismatch(play, { audio: [{ maxDigits: 4 }] })).toBe('audio[0].maxDigits: expected 4, got undefined')
    expect(mismatch({ a: { b: { c: 1 } }, d: [{ c: 2 }] }, { c: 3 })).toBe('c: expected 3, got undefined (no c here; the action has one at a.b.c and d[0].c)')
    // A key a letter or two off one the action has: a typo, the test's or the app's (newcomer audit-91).
    expect(mismatch({ collectInput: { terminationDigit: '#' } }, { collectInput: { terminationDgit: '#' } })).toBe(
      'collectInput.terminationDgit: expected "#", got undefined (no terminationDgit here; the action has terminationDigit)',
    )
    expect(mismatch({ collectInput: { maxDigits: 4 } }, { collectInput: { terminationDigit: '#' } })).toBe('collectInput.terminationDigit: expected "#", got undefined')
  })
})
