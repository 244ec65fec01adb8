/**
 * Calls to apps in this process take turns on the app's clock (overlapping-calls.test.ts), so a
 * Promise.all of two calls does not show callers at the same time: callspec says so, once, and
 * appClock: false is the way to make them interleave. Measured (helper-17): an app that keeps the
 * PIN check's result in one module-level variable passed a Promise.all of a right-PIN and a
 * wrong-PIN call, silently.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../src/index.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

const W = { platform: 'webex-connect' } as const

/** Checks the PIN on one webhook and reads the result on the next, from one variable for all calls. */
function sharedStateApp() {
  let verdict = ''
  return webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED') return { action: 'PLAY', audio: [tts('Enter your PIN.')], collectInput: { maxDigits: 4, terminationDigit: '#' } }
    if (event.event === 'COLLECTED_DIGITS') {
      verdict = event.digitsReceived === '1234' ? 'Your balance is 100 dollars.' : 'Access denied.'
      return { action: 'PLAY', audio: [tts('One moment.')] }
    }
    if (event.event === 'PLAYED') return { action: 'PLAY', audio: [tts(verdict)] }
    return undefined
  })
}

const caller = (app: ReturnType<typeof sharedStateApp>, pin: string, options: { appClock?: false; warnings?: 'silent' } = {}) =>
  callTo(app, { ...W, ...options }).expectAction('ANSWER').expectAction('PLAY').pressDigits(`${pin}#`).expectAction('PLAY').expectAction('PLAY')

const heard = (call: Awaited<ReturnType<typeof caller>>) => call.actions.at(-1)!.summary

describe('overlapping calls to an app in this process', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  afterEach(() => warn.mockClear())
  const notices = () => warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('overlapped'))

  it("with warnings: 'silent', say nothing", async () => {
    const app = sharedStateApp()
    await Promise.all([caller(app, '1234', { warnings: 'silent' }), caller(app, '0000', { warnings: 'silent' })])
    expect(notices()).toEqual([])
  })

  it('run one after another, each as if alone, and callspec says so once', async () => {
    const app = sharedStateApp()
    const [right, wrong] = await Promise.all([caller(app, '1234'), caller(app, '0000')])
    expect([heard(right), heard(wrong)]).toEqual(['TTS "Your balance is 100 dollars."', 'TTS "Access denied."'])
    expect(notices()).toEqual([
      "[callspec] Calls to apps in this process overlapped (Promise.all, describe.concurrent): they ran one after another on the app's clock, each as if alone, so their webhooks did not interleave. To test callers at the same time (state the app shares between calls), pass appClock: false: the calls then interleave, with the app's timers in real time. (Said once; warnings: 'silent' stops it.)",
    ])
    warn.mockClear()
    await Promise.all([caller(app, '1234'), caller(app, '0000')])
    expect(notices()).toEqual([])
  })

  it('interleave with appClock: false, so a state shared between callers shows', async () => {
    const app = sharedStateApp()
    const [right, wrong] = await Promise.all([caller(app, '1234', { appClock: false }), caller(app, '0000', { appClock: false })])
    expect([heard(right), heard(wrong)]).toEqual(['TTS "Access denied."', 'TTS "Access denied."'])
  })
})
