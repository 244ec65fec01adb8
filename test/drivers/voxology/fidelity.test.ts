/** Voxology options for what real apps showed (issue 9): REDIRECT hosts, and a timed-out COLLECT. */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { scriptApp, serve } from './helpers.js'

const redirecting = (url: string) =>
  scriptApp({
    '/': serve([{ type: 'SAY', params: { text: 'Welcome to the game.' } }, { type: 'REDIRECT', params: { url } }]),
    '/game': serve([{ type: 'SAY', params: { text: 'Guess a number.' } }, { type: 'HANGUP' }]),
  })

describe('REDIRECT urls that are relative or hold a placeholder host', () => {
  it('fail by default, quoting the url and naming the option', async () => {
    const error = await failureOf(callTo(redirecting('YOUR HOST URL/game').app, { platform: 'voxology' }).expectAction('SAY').expectAction('REDIRECT'))
    expect(error.message).toContain('✖ expected an absolute http(s) URL (received "YOUR HOST URL/game")\n  → at actions[1].params.url')
    expect(error.message).toContain('hint: a REDIRECT url that is relative or holds a placeholder host ("YOUR HOST URL/game") can go to the app under test: set vendor.resolveUrl: true')
  })

  it.each([['YOUR HOST URL/game'], ['/game'], ['game']])('go to the app under test with vendor.resolveUrl: true (%s)', async (url) => {
    const { app, received } = redirecting(url)
    await callTo(app, { platform: 'voxology', vendor: { resolveUrl: true } })
      .expectAction('SAY')
      .expectAction('REDIRECT', { params: { url: 'http://app-under-test/game' } })
      .expectAction('SAY', { params: { text: 'Guess a number.' } })
      .expectAction('HANGUP')
    expect(received.map((r) => r.path)).toEqual(['/', '/game', '/'])
  })

  it('go where a resolveUrl function maps them', async () => {
    const { app, received } = redirecting('{{HOST}}/v2/play')
    await callTo(app, { platform: 'voxology', vendor: { resolveUrl: (url) => url.replace('{{HOST}}/v2/play', '/game') } })
      .expectAction('SAY')
      .expectAction('REDIRECT')
      .expectAction('SAY', { params: { text: 'Guess a number.' } })
      .expectAction('HANGUP')
    expect(received[1]!.path).toBe('/game')
  })
})

describe('what a COLLECT that timed out with no key sends in key_presses (inferred)', () => {
  const game = () =>
    scriptApp({
      '/': serve([{ type: 'COLLECT', name: 'guess', params: { num_digits: 2, timeout: 3000 }, actions: [{ type: 'SAY', params: { text: 'Your guess?' } }] }, { type: 'REDIRECT', params: { url: 'https://game.example/answer' } }]),
      '/answer': (cb) => (cb.type === 'call_end' ? undefined : { actions: [{ type: 'SAY', params: { text: cb.key_presses.length ? 'Got it.' : 'You did not guess.' } }, { type: 'HANGUP' }] }),
    })

  it("an entry with empty digits by default, none with collectTimeout: 'no-entry' (so the app's missing-input branch runs)", async () => {
    const byDefault = game()
    await callTo(byDefault.app, { platform: 'voxology' }).expectAction('COLLECT').staySilent().expectAction('REDIRECT').expectAction('SAY', { params: { text: 'Got it.' } }).expectAction('HANGUP')
    expect(byDefault.received[1]!.body.key_presses).toEqual([{ name: 'guess', digits: '' }])

    const noEntry = game()
    await callTo(noEntry.app, { platform: 'voxology', vendor: { collectTimeout: 'no-entry' } })
      .expectAction('COLLECT')
      .staySilent()
      .expectAction('REDIRECT')
      .expectAction('SAY', { params: { text: 'You did not guess.' } })
      .expectAction('HANGUP')
    expect(noEntry.received[1]!.body.key_presses).toEqual([])
  })
})
