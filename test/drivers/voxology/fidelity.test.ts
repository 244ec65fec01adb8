/** Voxology options for what real apps showed (issue 9): REDIRECT hosts, and a timed-out COLLECT. */
import { describe, expect, it, vi } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { scriptApp, serve } from './helpers.js'

const redirecting = (url: string) =>
  scriptApp({
    '/': serve([{ type: 'SAY', params: { text: 'Welcome to the game.' } }, { type: 'REDIRECT', params: { url } }]),
    '/game': serve([{ type: 'SAY', params: { text: 'Guess a number.' } }, { type: 'HANGUP' }]),
  })

describe('REDIRECT urls that are relative or hold a placeholder host', () => {
  const TAG = 'rule voxology/redirect-url'
  const SOURCE = 'inferred: the docs and tutorials show only absolute REDIRECT urls and a placeholder host ("YOUR HOST URL/game"), and say nothing of relative ones'

  it.each([['YOUR HOST URL/game'], ['/game'], ['game']])('go to the app under test by default, with a warning saying so and what to do (%s)', async (url) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { app, received } = redirecting(url)
    const call = await callTo(app, { platform: 'voxology' })
      .expectAction('SAY')
      .expectAction('REDIRECT', { params: { url: 'http://app-under-test/game' } })
      .expectAction('SAY', { params: { text: 'Guess a number.' } })
      .expectAction('HANGUP')
    expect(received.map((r) => r.path)).toEqual(['/', '/game', '/'])
    expect(call.warnings).toEqual([
      "turn 1: the app's answer to the init_call callback: " +
        `REDIRECT url ${JSON.stringify(url)} is not an absolute http(s) URL: Voxology's docs show only absolute URLs, so the real platform may not follow it; ` +
        'callspec sends the next callback to the app under test (http://app-under-test/game), as vendor.resolveUrl: true would. ' +
        `Write an absolute URL, or set vendor.resolveUrl if that is what you mean (which also silences this warning) at actions[1].params.url (${TAG}, inferred)`,
    ])
    expect(warn).toHaveBeenCalledTimes(1)
    warn.mockRestore()
  })

  it.each([[{ strict: true }], [{ rules: { 'voxology/redirect-url': 'error' } }]] as const)('fail under %o, quoting the url, naming the option, tagged inferred', async (options) => {
    const error = await failureOf(callTo(redirecting('YOUR HOST URL/game').app, { platform: 'voxology', ...options }).expectAction('SAY').expectAction('REDIRECT'))
    // What the docs show, not a schema's verdict: the rule is callspec's inference, and the failure leads with that.
    expect(error.message).toMatch(/: callspec failed the app's answer to the init_call callback by a rule it inferred, not one Voxology documents: voxology\/redirect-url, at error (under strict: true|as rules sets it) /)
    expect(error.message).toContain(
      `✖ REDIRECT url "YOUR HOST URL/game" is not an absolute http(s) URL: Voxology's docs show only absolute URLs, and say nothing of relative ones, so the real platform may not follow it\n  → at actions[1].params.url\n  → ${TAG} (${SOURCE})\n`,
    )
    expect(error.message).toContain('hint: a REDIRECT url that is relative or holds a placeholder host ("YOUR HOST URL/game") can go to the app under test: set vendor.resolveUrl: true')
    expect(error.message).not.toContain('voxology/action-schema')
  })

  it('say nothing with vendor.resolveUrl set', async () => {
    const call = await callTo(redirecting('/game').app, { platform: 'voxology', vendor: { resolveUrl: true } }).expectAction('SAY').expectAction('REDIRECT').expectAction('SAY').expectAction('HANGUP')
    expect(call.warnings).toEqual([])
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
