import { expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { answering, tts } from '../../helpers/webex-apps.js'

// A project with no callspec/vitest in setupFiles, using a callspec matcher on a call that ran.
const app = answering({ action: 'PLAY', audio: [tts('Welcome.')] })

it('uses toHavePlayed without the setup file', async () => {
  const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
  ;(expect(call) as unknown as { toHavePlayed(text: string): void }).toHavePlayed('Welcome.')
})
