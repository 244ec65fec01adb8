import { it } from 'vitest'
import { callTo, type CallFlow } from '../../../src/index.js'
import { answering, tts } from '../../helpers/webex-apps.js'

// A newcomer's typo: pressDigit for pressDigits, in a chain the test does await.
const app = answering({ action: 'PLAY', audio: [tts('Press 1 for sales.')], collectInput: { maxDigits: 1 } })
const menu = () => callTo(app, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY')

it('misspells a step', async () => {
  await (menu() as unknown as { pressDigit(keys: string): CallFlow<never> }).pressDigit('1')
})
