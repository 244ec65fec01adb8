/**
 * callTo()'s `seed` and pressDigits()'s `gapMs` are refused where the call is written unless they
 * mean something, as limits are (audit h170). Before: `gapMs: NaN` or `Infinity` pressed the first
 * key alone and the call passed on "1" where the test pressed "12"; `seed: NaN`, `Infinity` or
 * `0.5` made the call of seed 0 while a failure said "Replay this exact call with { seed: NaN }".
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

/** A two-key menu that says what it collected, over a real socket. */
const app = () =>
  webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED') return { action: 'PLAY', audio: [tts('Code?')], collectInput: { maxDigits: 2 } }
    if (event.event === 'COLLECTED_DIGITS') return { action: 'PLAY', audio: [tts(`Got ${event.digitsReceived}.`)] }
    if (event.event === 'PLAYED') return { action: 'HANGUP' }
    return undefined
  })
const W = { platform: 'webex-connect', transport: 'tcp' } as const
const code = (options: { seed?: number; gapMs?: number }) =>
  callTo(app(), { ...W, ...(options.seed !== undefined ? { seed: options.seed } : {}) })
    .expectAction('ANSWER')
    .expectAction('PLAY')
    .pressDigits('12', options.gapMs !== undefined ? { gapMs: options.gapMs } : {})
    .expectAction('PLAY', { audio: [{ text: 'Got 12.' }] })
    .expectHangup()

describe("pressDigits()'s gapMs", () => {
  it('is refused unless it is a finite number of milliseconds, 0 or more, naming it and the value', () => {
    const message = (shown: string) => `[callspec] pressDigits()'s gapMs is ${shown}: give the virtual milliseconds between one key and the next, a number 0 or more (300 when left out).`
    expect(() => code({ seed: 1, gapMs: Number.NaN })).toThrow(message('NaN'))
    expect(() => code({ seed: 1, gapMs: Number.POSITIVE_INFINITY })).toThrow(message('Infinity'))
    expect(() => code({ seed: 1, gapMs: -5 })).toThrow(message('-5'))
    expect(() => code({ seed: 1, gapMs: '500' as never })).toThrow(message('"500"'))
  })

  it('0 presses the keys together, and the app hears both', async () => {
    const call = await code({ seed: 1, gapMs: 0 })
    expect(call.event('COLLECTED_DIGITS')).toMatchObject({ digitsReceived: '12' })
  })
})

describe("callTo()'s seed", () => {
  it('is refused unless it is a whole number, naming it and the value', () => {
    const message = (shown: string) => `[callspec] callTo()'s seed is ${shown}: give a whole number (the same seed, the same call), or leave it out for the test's own.`
    expect(() => code({ seed: Number.NaN })).toThrow(message('NaN'))
    expect(() => code({ seed: Number.POSITIVE_INFINITY })).toThrow(message('Infinity'))
    expect(() => code({ seed: 0.5 })).toThrow(message('0.5'))
    expect(() => code({ seed: '7' as never })).toThrow(message('"7"'))
  })

  it('a negative one is a call of its own, the same each time', async () => {
    const ids = await Promise.all([-5, -5, 0].map(async (seed) => (await code({ seed })).event('ACCEPTED')!.sessionId as string))
    expect(ids[0]).toBe(ids[1])
    expect(ids[0]).not.toBe(ids[2])
  })
})
