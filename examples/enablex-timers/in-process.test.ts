import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { createTimersIvrApp, DELAYS, GOODBYE, HOURS, MENU } from './app.js'

/**
 * The app keeps timers of its own (a 3 s delayed accept, a 2 s pause before a repeated menu, a
 * hang-up 10 s after the goodbye). In this process they run on the call's virtual clock: each
 * fires at its virtual time, in order with the platform's timers, and costs no real time.
 */
const app = createTimersIvrApp({ apiBase: 'https://api.enablex.io', appId: 'acme-app-id', appKey: 'acme-app-key' })
const credentials = { appId: 'acme-app-id', appKey: 'acme-app-key' }

const menu = () =>
  callTo(app, { platform: 'enablex', vendor: credentials })
    .expectAction('accept')
    .expectAction('play', { text: MENU, dtmf: true })

const at = (call: { actions: readonly { name: string; at: number }[] }, name: string, nth = 0) => call.actions.filter((a) => a.name === name)[nth]!.at
const playfinished = (call: { transcript: { entries: readonly { kind: string; name?: string; at: number; summary?: string }[] } }, ref: string) =>
  call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'playfinished' && e.summary?.includes(ref))!.at

describe('an EnableX app with its own timers, in process', () => {
  it('accepts 3 s after the call is offered, and hangs up 10 s after its goodbye has played', async () => {
    const started = performance.now()
    const call = await menu().pressDigits('9').expectAction('play', { text: GOODBYE, prompt_ref: 'bye' }).expectAction('hangup')

    expect(at(call, 'accept')).toBe(DELAYS.accept)
    expect(at(call, 'hangup')).toBe(playfinished(call, 'bye') + DELAYS.hangupAfterGoodbye)
    expect(call.end).toMatchObject({ by: 'app' })
    const printed = call.print()
    expect(printed).toContain('· app timer 3 s → accept')
    expect(printed).toContain('· app timer 10 s → hangup')
    // 13 s and more of the app's own waiting, none of it real.
    expect(call.duration).toBeGreaterThan(DELAYS.accept + DELAYS.hangupAfterGoodbye)
    expect(performance.now() - started).toBeLessThan(3_000)
  })

  it('pauses 2 s after each menu timeout before playing the menu again, then says goodbye', async () => {
    const call = await menu()
      .staySilent()
      .expectAction('play', { text: MENU })
      .staySilent()
      .expectAction('play', { text: MENU })
      .staySilent()
      .expectAction('play', { prompt_ref: 'bye' })
      .expectAction('hangup')

    const timeouts = call.transcript.entries.filter((e) => e.kind === 'event' && e.name === 'menutimeout').map((e) => e.at)
    expect(timeouts).toHaveLength(3)
    // The repeated menus go out exactly the app's pause after the platform's timeouts.
    expect(at(call, 'play', 1)).toBe(timeouts[0]! + DELAYS.retryPause)
    expect(at(call, 'play', 2)).toBe(timeouts[1]! + DELAYS.retryPause)
    expect(at(call, 'hangup')).toBe(playfinished(call, 'bye') + DELAYS.hangupAfterGoodbye)
    expect(call.print().match(/app timer 2 s → play/g)).toHaveLength(2)
  })

  it('lets the caller hang up before the app does: the app clears its timer, nothing is left pending', async () => {
    const call = await menu().pressDigits('9').expectAction('play', { prompt_ref: 'bye' }).staySilent(12_000).hangUp()

    // The goodbye lasts a few seconds; the app would have hung up 10 s after it, the caller did first.
    expect(call.end).toMatchObject({ by: 'caller' })
    expect(call).not.toHaveAction('hangup')
    expect(call.print()).not.toMatch(/still pending/)
  })

  it('reads the opening hours and hangs up at once (no timer involved)', async () => {
    const call = await menu().pressDigits('1').expectAction('play', { text: HOURS }).expectAction('hangup')
    expect(at(call, 'hangup')).toBe(playfinished(call, 'hours'))
  })
})
