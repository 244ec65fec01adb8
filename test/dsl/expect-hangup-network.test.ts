import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { answering, tts } from '../helpers/webex-apps.js'

/**
 * expectHangup() says the app (or the platform) ends the call: a line that drops is neither, so
 * the step fails, as it does when the caller hangs up first (audit-112 F1: a network drop passed).
 */
describe('expectHangup() after the line dropped', () => {
  const app = () => answering({ action: 'PLAY', audio: [tts('Please hold while we find an agent for you. '.repeat(3))] }, () => undefined)

  it('fails, saying the line dropped first', async () => {
    const flow = callTo(app(), { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').hangUp({ cause: 'network' }).expectHangup()
    await expect(flow).rejects.toThrow("expectHangup(): expected the app to hang up, but the line dropped first (network drop)")
  })

  it('fails as before when the caller hung up', async () => {
    const flow = callTo(app(), { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').hangUp().expectHangup()
    await expect(flow).rejects.toThrow('expectHangup(): expected the app to hang up, but the caller hung up first')
  })
})
