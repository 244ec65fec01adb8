import { stripVTControlCharacters } from 'node:util'
import { printDiffOrStringify } from '@vitest/utils/diff'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { answering, tts } from '../helpers/webex-apps.js'
import { accepting, tts as enxTts } from '../drivers/enablex/apps.js'
import { eightByEightApp, say } from '../drivers/8x8/apps.js'
import { scriptApp, serve } from '../drivers/voxology/helpers.js'

/**
 * The diff vitest prints under a failed expectAction(): built from the error's actual and expected
 * as vitest's own processError() builds it, without colours. Every call here goes over loopback
 * HTTP (`transport: 'tcp'`), as a user's app would be reached.
 */
async function diffOf(flow: PromiseLike<unknown>): Promise<{ first: string; diff: string }> {
  const error = (await failureOf(flow)) as Error & { actual: unknown; expected: unknown; showDiff: boolean }
  expect(error.showDiff).toBe(true)
  return { first: error.message.split('\n')[0]!, diff: stripVTControlCharacters(printDiffOrStringify(error.actual, error.expected) ?? '') }
}
const TCP = { transport: 'tcp' } as const

describe('the diff under an expectAction() that got another action compares the action names on both sides', () => {
  it('EnableX, whose bodies carry no name: the received side names the action the app sent (audit newcomer-65 m5)', async () => {
    const app = accepting(enxTts('Press 1.', { dtmf: true }), (event, api) =>
      event.playstate === 'digitcollected' ? api.call('PUT', `/call/${event.voice_id}/play`, enxTts('Your balance is 42.', { prompt_ref: 'bye' })) : undefined,
    )
    const played = await diffOf(callTo(app, { platform: 'enablex', ...TCP }).expectAction('accept').expectAction('play').pressDigits('1').expectAction('connect'))
    expect(played.first).toMatch(/expectAction\('connect'\): expected action connect, got play /)
    // Before: `- "action": "connect",` against `+ "language": "en-US", "prompt_ref": "bye", …`.
    expect(played.diff).toBe(
      [
        '- Expected',
        '+ Received',
        '',
        '  {',
        '-   "action": "connect",',
        '+   "action": "play",',
        '+   "language": "en-US",',
        '+   "prompt_ref": "bye",',
        '+   "text": "Your balance is 42.",',
        '+   "voice": "female",',
        '  }',
      ].join('\n'),
    )
  })

  it('EnableX hang-up (a DELETE, no body): `{ action: "hangup" }`, not `{}`', async () => {
    const app = accepting(enxTts('Press 1.', { dtmf: true }), (event, api) => (event.playstate === 'digitcollected' ? api.call('DELETE', `/call/${event.voice_id}`) : undefined))
    const hungUp = await diffOf(callTo(app, { platform: 'enablex', ...TCP }).expectAction('accept').expectAction('play').pressDigits('1').expectAction('connect'))
    expect(hungUp.first).toMatch(/expectAction\('connect'\): expected action connect, got hangup/)
    expect(hungUp.diff).toBe(['- Expected', '+ Received', '', '  {', '-   "action": "connect",', '+   "action": "hangup",', '  }'].join('\n'))
  })

  it('Webex Connect: the body already names it under `action`, once', async () => {
    const app = answering({ action: 'PLAY', audio: [tts('Goodbye.')] })
    const { diff } = await diffOf(callTo(app, { platform: 'webex-connect', ...TCP }).expectAction('ANSWER').expectAction('PATCH', { dialedNumber: '+14155550142' }))
    expect(diff).toBe(
      [
        '- Expected',
        '+ Received',
        '',
        '  {',
        '-   "action": "PATCH",',
        '-   "dialedNumber": "+14155550142",',
        '+   "action": "PLAY",',
        '+   "audio": [',
        '+     {',
        '+       "text": "Goodbye.",',
        '+       "type": "TTS",',
        '+     },',
        '+   ],',
        '  }',
      ].join('\n'),
    )
  })

  it('8x8: under `action`, as its callflow names it', async () => {
    const { listener } = eightByEightApp((p) => (p.callStatus === 'CALL_RECEIVED' ? { clientActionId: 'hi', callflow: [say('Hello.'), { action: 'hangup' }] } : undefined))
    const { diff } = await diffOf(callTo(listener, { platform: '8x8', ...TCP }).expectAction('sayAndCapture'))
    expect(diff).toBe(
      [
        '- Expected',
        '+ Received',
        '',
        '  {',
        '-   "action": "sayAndCapture",',
        '+   "action": "say",',
        '+   "params": {',
        '+     "text": "Hello.",',
        '+     "voiceProfile": "en-US-ZiraRUS",',
        '+   },',
        '  }',
      ].join('\n'),
    )
  })

  it('Voxology: under `type`, as its script names it', async () => {
    const { app } = scriptApp({ '/': serve([{ type: 'SAY', params: { text: 'Hello.' } }, { type: 'HANGUP' }]) })
    const { diff } = await diffOf(callTo(app, { platform: 'voxology', ...TCP }).expectAction('HANGUP'))
    expect(diff).toBe(
      ['- Expected', '+ Received', '', '  {', '-   "type": "HANGUP",', '+   "params": {', '+     "text": "Hello.",', '+   },', '+   "type": "SAY",', '  }'].join('\n'),
    )
  })
})
