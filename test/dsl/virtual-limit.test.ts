/**
 * limits.maxVirtualMs bounds the call's time whatever step moves it (audit-122 finding 1): a caller
 * pressing a key through a long prompt, or staying silent at a menu that re-prompts, ran far past it
 * and passed, or was stopped only by maxTurns.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { webexApp, tts } from '../helpers/webex-apps.js'

/** A menu whose prompt is `words` words long, played again on every input timeout; hangs up after a key. */
const menuApp = (words: number, events: string[] = []) =>
  webexApp((event) => {
    events.push(event.event)
    const menu = { action: 'PLAY', audio: [tts(`Welcome. ${'please '.repeat(words)}press 1.`)], collectInput: { maxDigits: 1 } }
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    // A caller who presses nothing gets COLLECTED_DIGITS with no digits once the input times out.
    if (event.event === 'ANSWERED' || (event.event === 'COLLECTED_DIGITS' && event.digitsReceived === '')) return menu
    if (event.event === 'COLLECTED_DIGITS') return { action: 'HANGUP' }
    return undefined
  })

describe('limits.maxVirtualMs', () => {
  it('fails a key pressed through a prompt that plays past it, and the call still ends at the app', async () => {
    const events: string[] = []
    const call = callTo(menuApp(1_000, events), { platform: 'webex-connect', seed: 3, limits: { maxVirtualMs: 60_000 } })
      .expectAction('ANSWER')
      .expectAction('PLAY')
      .pressDigits('1')
      .expectHangup()
    const failure = await call.then(() => undefined, (error: unknown) => error as Error)
    expect(failure?.message).toMatch(/^\[callspec\] turn 2, pressDigits\('1'\): the call passed 1 min of virtual time \(limits\.maxVirtualMs: 60,000 ms\) without ending\.\n/)
    // The platform's last webhook after the failure (end-after-failure.ts) still goes out.
    expect(events.at(-1)).toBe('DROPPED')
  })

  it('fails a caller staying silent past it at a menu that re-prompts', async () => {
    const call = callTo(menuApp(5), { platform: 'webex-connect', seed: 3, limits: { maxVirtualMs: 60_000 } })
      .expectAction('ANSWER')
      .expectAction('PLAY')
      .staySilent(7_200_000)
    await expect(call).rejects.toThrow(/staySilent\(7200000\): the call passed 1 min of virtual time \(limits\.maxVirtualMs: 60,000 ms\) without ending\.\n/)
  })

  it('fails a silence with nothing to come that outlasts it', async () => {
    const app = webexApp((event) => (event.event === 'ACCEPTED' ? { action: 'ANSWER' } : event.event === 'ANSWERED' ? { action: 'PLAY', audio: [tts('Hold on.')], collectInput: { maxDigits: 1, digitTimeout: 3_600 } } : undefined))
    const call = callTo(app, { platform: 'webex-connect', seed: 3, limits: { maxVirtualMs: 60_000 } }).expectAction('ANSWER').expectAction('PLAY').staySilent(120_000)
    await expect(call).rejects.toThrow(/staySilent\(120000\): the call passed 1 min of virtual time/)
  })

  it('lets a call that ends within it pass', async () => {
    const call = await callTo(menuApp(5), { platform: 'webex-connect', seed: 3, limits: { maxVirtualMs: 60_000 } })
      .expectAction('ANSWER')
      .expectAction('PLAY')
      .pressDigits('1')
      .expectHangup()
    expect(call.duration).toBeLessThan(60_000)
  })
})
