import type { IncomingMessage, ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { answering, tts } from '../helpers/webex-apps.js'

// Audit newcomer-65: printed transcripts out of time order. Each call goes over loopback HTTP.
const TCP = { transport: 'tcp' } as const

describe('a printed transcript follows virtual time', () => {
  it("prints the end of the call before what came after it: an EnableX app's timer answering the last webhook", async () => {
    // The app looks the caller up for 3 s before it acknowledges each event (m7c-enx-slow).
    const auth = { authorization: 'Basic eDp5', 'content-type': 'application/json' }
    const app = (req: IncomingMessage, res: ServerResponse) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', async () => {
        const { voice_id: id, state } = JSON.parse(body)
        await new Promise((resolve) => setTimeout(resolve, 3000))
        res.end()
        if (state === 'incomingcall') await fetch(`https://api.enablex.io/voice/v1/call/${id}/accept`, { method: 'PUT', headers: auth })
        if (state === 'connected') await fetch(`https://api.enablex.io/voice/v1/call/${id}`, { method: 'DELETE', headers: auth })
      })
    }
    const call = await callTo(app, { platform: 'enablex', seed: 3, ...TCP }).expectAction('accept').expectAction('hangup')
    // Before: the 9.0s line came above the 6.0s end line.
    expect(call.print().split('\n').slice(-3)).toEqual([
      '  •    6.0s  3 → disconnected       Normal Clearing',
      '     6.0s  ■ call ended by app: DELETE /voice/v1/call/{voice_id}',
      '       9.0s    · app timer 3 s → its answer to disconnected',
    ])
    // The same where a failure message prints it, shortened (short-transcript.ts).
    expect(call.transcript.print(undefined, { maxLines: 40 }).split('\n').slice(-2)).toEqual([
      '     6.0s  ■ call ended by app: DELETE /voice/v1/call/{voice_id}',
      '       9.0s    · app timer 3 s → its answer to disconnected',
    ])
  })

  it('prints a prompt before what the caller did at the instant it began (staySilent() right after the PLAY)', async () => {
    const app = answering({ action: 'PLAY', audio: [tts('Press 1 for sales.')], collectInput: { maxDigits: 1 } })
    const call = await callTo(app, { platform: 'webex-connect', seed: 3, ...TCP }).expectAction('ANSWER').expectAction('PLAY').staySilent().expectHangup()
    // Before: `0.2s ☎ stays silent` came above the `0.2s ♪` it follows.
    expect(call.print()).toBe(
      [
        'Call (webex-connect, inbound +14155550100 → +14155550199, seed 3, 6.8 s virtual):',
        '  •    0.0s  1 → ACCEPTED           from +14155550100 to +14155550199',
        '             1 ← ANSWER',
        '  •    0.2s  2 → ANSWERED           from +14155550100 to +14155550199',
        '             2 ← PLAY               TTS "Press 1 for sales.", collectInput(max 1, 5 s)',
        '       0.2s    ♪ "Press 1 for sales."',
        '       0.2s    ☎ stays silent',
        '  •    6.8s  3 → COLLECTED_DIGITS   "" (no input)',
        '             3 ← HANGUP',
        '  •    6.8s  4 → DROPPED            by CALLEE, 2005 End-user call dropped by platform',
        '     6.8s  ■ call ended by app: HANGUP',
      ].join('\n'),
    )
    expect(call.transcript.entries.filter((e) => e.kind === 'heard' || e.kind === 'caller').map((e) => e.kind)).toEqual(['heard', 'caller'])
  })

  it('keeps a key press before a prompt that an action after it started at the same instant', async () => {
    const app = answering({ action: 'PLAY', audio: [tts('Enter your PIN.')], collectInput: { terminationDigit: '#' } }, (e) =>
      e.event === 'COLLECTED_DIGITS' ? { action: 'PLAY', audio: [tts('Thank you.')] } : { action: 'HANGUP' },
    )
    const call = await callTo(app, { platform: 'webex-connect', seed: 3, ...TCP }).expectAction('ANSWER').expectAction('PLAY').pressDigits('12#').expectAction('PLAY').expectHangup()
    const order = call.print().split('\n').filter((l) => /[☎♪]/.test(l)).map((l) => l.trim().replace(/^\S+\s+/, ''))
    expect(order).toEqual(['♪ "Enter your PIN."', '☎ presses 12#', '♪ "Thank you."'])
  })
})
