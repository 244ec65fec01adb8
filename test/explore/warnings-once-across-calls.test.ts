/**
 * The exploration's warnings are listed once each (explorer.ts), but a warning that quotes the
 * app's request carries that call's ids (EnableX's voice_id in the URL): the same warning came
 * once per call placed (audit h212: EnableX `unknown-keys` repeated down the report).
 */
import { describe, expect, it } from 'vitest'
import { explore } from '../../src/index.js'
import { enablexApp, tts } from '../drivers/enablex/apps.js'

/** A one-key EnableX menu whose play request carries a key the API does not have (`colour`). */
function app() {
  return enablexApp(async (event, api) => {
    const vid = event.voice_id
    if (event.state === 'incomingcall') {
      await api.call('PUT', `/call/${vid}/accept`)
      return api.call('PUT', `/call/${vid}/play`, { ...tts('Press 1 or 2.'), prompt_ref: 'menu', dtmf: true, max_digit: 1, colour: 'blue' })
    }
    if (event.playstate === 'digitcollected' || event.playstate === 'menutimeout') return api.call('DELETE', `/call/${vid}`)
    return undefined
  })
}

describe("the exploration's warnings", { timeout: 60_000 }, () => {
  it('lists a warning that quotes a call id once, however many calls gave it', async () => {
    const result = await explore(app(), { platform: 'enablex', maxDepth: 1 })
    expect(result.stats.calls).toBeGreaterThan(2)
    const unknown = result.warnings.filter((w) => w.includes('enablex/unknown-keys'))
    expect(unknown).toHaveLength(1)
  })
})
