/**
 * The explorer at an EnableX menu that takes keys and speech (`dtmf: true, asr: true`). Measured
 * from the packed tarball: while the platform recognised what the caller said (the utterance, then
 * recognizer_timeout), it still listened for keys, and untilListening() took that narrowed menu
 * for a new listening point and returned before the speech result reached the app. Every word
 * tried there led "back to the menu": the branch reached by saying "agent" (a transfer) was never
 * found, and the emitted scenario ended at `say: agent` with nothing after it.
 */
import { describe, expect, it } from 'vitest'
import { callTo, explore } from '../../src/index.js'
import { enablexApp, tts } from '../drivers/enablex/apps.js'
import { edgesAt } from './helpers.js'

const MENU = 'To hear your balance, say balance. For an agent, say agent or press 0.'

function app() {
  return enablexApp(async (event, api) => {
    const vid = event.voice_id
    const play = (text: string, ref: string, menu = false) => api.call('PUT', `/call/${vid}/play`, { ...tts(text), prompt_ref: ref, ...(menu && { dtmf: true, asr: true }) })
    const agent = () => api.call('PUT', `/call/${vid}/connect`, { from: event.to, to: '14155550142' })
    if (event.state === 'incomingcall') {
      await api.call('PUT', `/call/${vid}/accept`)
      return play(MENU, 'menu', true)
    }
    if (event.state === 'recognized') return /balance/i.test(String(event.text)) ? play('Your balance is 42 dollars. Goodbye.', 'bye') : /agent/i.test(String(event.text)) ? agent() : play('Sorry, goodbye.', 'bye')
    if (event.playstate === 'digitcollected') return String(event.digit) === '0' ? agent() : play('Sorry, goodbye.', 'bye')
    if (event.playstate === 'menutimeout' || event.state === 'timeout') return play('Goodbye.', 'bye')
    if (event.playstate === 'playfinished' && event.prompt_ref === 'bye') return api.call('DELETE', `/call/${vid}`)
    return undefined
  })
}

describe('the explorer at an EnableX menu of keys and speech', { timeout: 60_000 }, () => {
  it('untilListening() after say() waits for the speech result and what the app does with it', async () => {
    const { transcript } = await callTo(app(), { platform: 'enablex', unconsumed: 'ignore' }).untilListening().say('agent').untilListening()
    expect(transcript.entries.filter((e) => e.kind === 'action').map((e) => e.action.name)).toEqual(['accept', 'play', 'connect'])
  })

  it('finds the branches the spoken words lead to', async () => {
    const result = await explore(app(), { platform: 'enablex', maxDepth: 2 })
    const edges = edgesAt(result, /say balance/)
    expect(edges).toContain('"balance" → "Your balance is # dollars. Goodbye.", then ended by app: DELETE /voice/v1/call/{voice_id}')
    expect(edges).toContain('"agent" → connect → 14155550142')
  })
})
