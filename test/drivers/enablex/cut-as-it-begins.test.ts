import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { messageOf } from '../../helpers/failure-of.js'
import { enablexApp } from './apps.js'

/**
 * A prompt stopped at the instant it began was not heard, on EnableX as on the other platforms:
 * an app that sends its goodbye and hangs up at once (or a caller who hangs up as a prompt
 * begins) passed toHavePlayed('…Goodbye.'), the prompt listed as heard "(cut off after 0.0s)"
 * (helper-132 finding 1).
 */
describe('EnableX: a prompt cut off as it begins is not heard', () => {
  it("the app's hang-up right after its goodbye play", async () => {
    const app = enablexApp(async (event, rest) => {
      if (event.state === 'incomingcall') await rest.call('PUT', `/call/${event.voice_id}/accept`)
      if (event.state === 'connected') {
        await rest.call('PUT', `/call/${event.voice_id}/play`, { text: 'Goodbye.', voice: 'female', language: 'en-US', prompt_ref: 'bye' })
        await rest.call('DELETE', `/call/${event.voice_id}`)
      }
    })
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play').expectHangup()
    expect(call.prompts).toEqual([])
    // The reason says why the prompt was not done yet, and what to hang up on (audit h199: it said only "the app hung up").
    expect(call.print()).toContain("prompt cut off: the app hung up before the play's playfinished: a play request is answered as its prompt starts, so hang up on playfinished")
    expect(messageOf(() => expect(call).toHavePlayed('Goodbye.'))).toContain(
      `"Goodbye." (play, turn 2) was played but cut off at 0.0 s (the app hung up before the play's playfinished: a play request is answered as its prompt starts, so hang up on playfinished), before the caller heard any of it.`,
    )
  })

  it('the caller hanging up as the prompt begins', async () => {
    const app = enablexApp(async (event, rest) => {
      if (event.state === 'incomingcall') await rest.call('PUT', `/call/${event.voice_id}/accept`)
      if (event.state === 'connected') await rest.call('PUT', `/call/${event.voice_id}/play`, { text: 'Please hold.', voice: 'female', language: 'en-US', prompt_ref: 'hold' })
    })
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play').hangUp()
    expect(call.prompts).toEqual([])
    expect(call).not.toHavePlayed('Please hold.')
  })
})
