/**
 * A chain reads as a sequence: an expectAction written after a step where the caller acted
 * (pressDigits, say, hangUp, waitForTimeout) is about what the app did after it. It matched the
 * first action not yet expected, even one the app sent before the caller acted (audit helper-125:
 * `.expectAction('ANSWER').pressDigits('2').expectAction('PLAY')` matched the menu's PLAY, and an
 * app that hung up on 2 instead of reading the hours passed). Now the step fails, naming the
 * actions no step expected and where to expect them.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { answering, tts } from '../helpers/webex-apps.js'
import { capture, eightByEightApp, hangup, say } from '../drivers/8x8/apps.js'

const W = { platform: 'webex-connect', warnings: 'silent' } as const
const menu = { action: 'PLAY', audio: [tts('Press 1 to order, 2 to hear our hours.')], collectInput: { maxDigits: 1 } }
const hours = { action: 'PLAY', audio: [tts('We are open nine to five.')] }
/** The audit's bug: 2 should read the hours, but the app hangs up. */
const buggy = () => answering(menu, (e) => (e.event === 'COLLECTED_DIGITS' && e.digitsReceived === '1' ? hours : { action: 'HANGUP' }))
const right = () => answering(menu, (e) => (e.event === 'COLLECTED_DIGITS' && e.digitsReceived === '2' ? hours : { action: 'HANGUP' }))

describe('an expectAction written after the caller acted', () => {
  it('does not match an action the app sent before the keys: the buggy app fails, naming the step to add', async () => {
    const error = await failureOf(callTo(buggy(), W).expectAction('ANSWER').pressDigits('2').expectAction('PLAY').expectHangup())
    expect(error.message.split('\n')[0]).toBe(
      "[callspec] turn 2, expectAction('PLAY'): the app sent PLAY (turn 2) before pressDigits('2'), and no step expected it: expectAction('PLAY'), written after pressDigits('2'), is about what the app did after it. " +
        "Expect it before pressDigits('2') (.expectAction('PLAY')).",
    )
  })

  it('the same test with the menu expected fails on what the app did after the key, and the right app passes it', async () => {
    const flow = (app: ReturnType<typeof buggy>) => callTo(app, W).expectAction('ANSWER').expectAction('PLAY').pressDigits('2').expectAction('PLAY').expectHangup()
    expect((await failureOf(flow(buggy()))).message.split('\n')[0]).toBe("[callspec] turn 3, expectAction('PLAY'): expected action PLAY, got HANGUP")
    const call = await flow(right())
    expect(call.actions.map((a) => a.name)).toEqual(['ANSWER', 'PLAY', 'PLAY', 'HANGUP'])
  })

  it('after waitForTimeout() too, and every action not expected is named', async () => {
    const app = answering(menu, (e) => (e.event === 'COLLECTED_DIGITS' && e.digitsReceived === undefined ? { ...menu } : { action: 'HANGUP' }))
    const error = await failureOf(callTo(app, W).waitForTimeout().expectAction('PLAY'))
    expect(error.message.split('\n')[0]).toBe(
      "[callspec] turn 1, expectAction('PLAY'): the app sent ANSWER, PLAY (from turn 1) before waitForTimeout(), and no step expected them: expectAction('PLAY'), written after waitForTimeout(), is about what the app did after it. " +
        "Expect them before waitForTimeout() (.expectAction('ANSWER').expectAction('PLAY')).",
    )
  })

  it('8x8: a callflow element after the capture runs after the key, and matches a step written after it', async () => {
    const { listener } = eightByEightApp((payload) => (payload.callStatus === 'CALL_RECEIVED' ? { callflow: [say('Welcome.'), capture('Press 1.', { maxDigits: 1 })] } : { callflow: [say('Thanks.'), hangup] }))
    const call = await callTo(listener, { platform: '8x8', warnings: 'silent' }).expectAction('say').expectAction('sayAndCapture').pressDigits('1').expectAction('say', { params: { text: 'Thanks.' } }).expectHangup()
    expect(call.actions.map((a) => a.name)).toEqual(['say', 'sayAndCapture', 'say', 'hangup'])
    const error = await failureOf(callTo(listener, { platform: '8x8', warnings: 'silent' }).expectAction('say').pressDigits('1').expectAction('sayAndCapture'))
    expect(error.message.split('\n')[0]).toBe(
      "[callspec] turn 1, expectAction('sayAndCapture'): the app sent sayAndCapture (turn 1) before pressDigits('1'), and no step expected it: expectAction('sayAndCapture'), written after pressDigits('1'), is about what the app did after it. " +
        "Expect it before pressDigits('1') (.expectAction('sayAndCapture')).",
    )
  })
})

describe('in a scenario file', () => {
  it("names the steps to add as the file writes them", async () => {
    const { compileScenario } = await import('../../src/scenario/compile.js')
    const { parseScenarioFile } = await import('../../src/scenario/parse.js')
    const { drivers } = await import('../../src/index.js')
    const text = 'platform: webex-connect\nsteps:\n  - expect: ANSWER\n  - press: "2"\n  - expect: PLAY\n'
    const [scenario] = parseScenarioFile(text, 'order.yaml', drivers).scenarios
    const error = await failureOf(compileScenario(scenario!, callTo as never, buggy()))
    expect(error.message.split('\n')[0]).toBe(
      "[callspec] turn 2, expectAction('PLAY'): the app sent PLAY (turn 2) before pressDigits('2'), and no step expected it: expectAction('PLAY'), written after pressDigits('2'), is about what the app did after it. " +
        'Expect it before pressDigits(\'2\') (a `- expect: PLAY` step).',
    )
  })
})
