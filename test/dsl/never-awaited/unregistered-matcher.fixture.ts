import { expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { answering, tts } from '../../helpers/webex-apps.js'

// A project with no callspec/vitest in setupFiles, using a callspec matcher on a call that ran.
const app = answering({ action: 'PLAY', audio: [tts('Welcome.')] })

// 20 s: with no setup file the call loads its driver from source first. Beside two busy loops and
// another test file (load ~10) that took the default 5 s nearly whole: the call failed "had run 71 ms
// ... with the test's 5 s timeout near", and the matcher this fixture is for was never reached.
it('uses toHavePlayed without the setup file', { timeout: 20_000 }, async () => {
  const call = await callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
  ;(expect(call) as unknown as { toHavePlayed(text: string): void }).toHavePlayed('Welcome.')
})
