/**
 * A press step none of whose keys the platform took (nothing was collecting digits when they
 * came): the call goes on as on the platform, where the keys are lost too, but the test's step had
 * no effect, and an expectAction after it may match an action the app sent before the keys. Audit
 * voxology-75: a COLLECT with `timeout: 5` (milliseconds) gave up before the caller's first key,
 * and the test passed with no word of it. The call now warns.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { answering, tts } from '../helpers/webex-apps.js'
import { scriptApp, serve } from '../drivers/voxology/helpers.js'

const W = { platform: 'webex-connect', warnings: 'silent' } as const
const welcome = { action: 'PLAY', audio: [tts('Welcome to Acme.')] }
const menu = { action: 'PLAY', audio: [tts('Press 1 for sales.')], collectInput: { maxDigits: 1 } }
/** Welcome (nothing collected), then the menu, then a goodbye on any key. */
const app = () => answering(welcome, (e) => (e.event === 'PLAYED' && e.digitsReceived === undefined && e.prevAction !== 'menu' ? { ...menu } : { action: 'HANGUP' }))

describe('a press step whose keys the platform ignored', () => {
  it('warns that the step had no effect, where the platform last listened', async () => {
    const call = await callTo(app(), W).expectAction('ANSWER').expectAction('PLAY').pressDigits('1', { bargeIn: true }).expectAction('PLAY')
    expect(call.warnings).toEqual([
      "turn 2: pressDigits('1') had no effect: nothing was collecting digits when the caller pressed (0.5 s), so the platform ignored every key. Check the collection's timeout in the app, or the step's place in the test.",
    ])
    expect(call.print()).toContain('key 1 ignored: nothing is collecting digits')
  })

  it("Voxology: a COLLECT whose timeout (5, milliseconds) ran out before the caller's first key", async () => {
    // The audit's app: `timeout: 5` written as seconds; the test's SAY came before the key, and matched.
    const say = (text: string) => ({ type: 'SAY', params: { text } })
    const collect = { type: 'COLLECT', name: 'm', params: { num_digits: 1, timeout: 5 }, actions: [say('Press 1 for orders.')] }
    const { app: voxology } = scriptApp({ '/': serve([collect, say('You chose ${keyPresses}.'), { type: 'HANGUP' }]) })
    const call = await callTo(voxology, { platform: 'voxology', warnings: 'silent' }).expectAction('COLLECT').pressDigits('1').expectAction('SAY').expectHangup()
    expect(call.warnings.filter((w) => w.includes('had no effect'))).toEqual([
      'turn 1: pressDigits(\'1\') had no effect: nothing was collecting digits when the caller pressed (1.9 s), so the platform ignored every key. ' +
        'The platform had listened for digits for COLLECT "m" (max 1, 0.005 s timeout) from 0.0 s, and stopped before the keys came. ' +
        "Check the collection's timeout in the app, or the step's place in the test.",
    ])
  })

  it('says nothing when a key landed', async () => {
    const call = await callTo(app(), W).expectAction('ANSWER').expectAction('PLAY').expectAction('PLAY').pressDigits('1').expectAction('HANGUP')
    expect(call.warnings).toEqual([])
  })
})
