import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { createGameApp, type GameStats } from './app.js'

const stats: GameStats[] = []
const app = createGameApp({ publicUrl: 'https://game.example.com', pick: () => 42 }, stats)

/** The first round: fanfare, welcome, the round's announcement, then the first guess. */
const game = (vendor: { callbackMethod?: 'GET' | 'POST' } = {}) =>
  callTo(app, { platform: 'voxology', webhookPath: '/game', vendor })
    .fromCaller('+14155550100')
    .expectAction('PLAY', { params: { url: /kazoo-fanfare\.mp3$/ } })
    .expectAction('SAY', { params: { text: 'Welcome to the number guessing game!' } })
    .expectAction('SAY', { params: { text: /^Round/ } })
    .expectAction('COLLECT', { name: 'guess', params: { finish_on_key: 'pound' } })

describe('Number guessing game (Voxology)', () => {
  it('gives higher/lower hints on the platform, then wins and hangs up', async () => {
    const call = await game()
      .pressDigits('50#')
      .expectAction('SAY', { params: { text: 'Lower than ${keyPresses}.' } })
      .expectAction('COLLECT', { name: 'guess' })
      .pressDigits('25#')
      .expectAction('SAY', { params: { text: 'Higher than ${keyPresses}.' } })
      .expectAction('COLLECT', { name: 'guess' })
      .pressDigits('42#')
      .expectAction('PLAY')
      .expectAction('SAY', { params: { text: /You got it/ } })
      .expectAction('REDIRECT', { params: { url: 'https://game.example.com/game/won' } })
      .expectAction('COLLECT', { name: 'again' })
      .pressDigits('2')
      .expectAction('SAY', { params: { text: /Thanks for playing/ } })
      .expectHangup()

    expect(call).toHavePlayed('Lower than 50.')
    expect(call).toHavePlayed('Higher than 25.')
    expect(call).toHavePlayed('You got it! The number was 42.')
    expect(call).toHavePlayed('You have won 1 rounds. Press 1 to play again, or 2 to hang up.')
    // One callback for the whole guessing loop: the platform ran it.
    expect(call.events).toEqual(['init_call', 'redirect', 'call_end'])
    expect(call.print()).toContain(`IF $keyPresses == $sessionData.number is false → nothing (no orElse); saw $keyPresses = "50", $sessionData.number = 42`)
  })

  it('compares loosely, like JavaScript: "042" == 42', async () => {
    const call = await game().pressDigits('042#').expectAction('PLAY').expectAction('SAY', { params: { text: /You got it/ } }).expectAction('REDIRECT').hangUp()
    expect(call.print()).toContain(`IF $keyPresses == $sessionData.number is true → then; saw $keyPresses = "042", $sessionData.number = 42`)
  })

  it('redirects back to itself for another round', async () => {
    const call = await game()
      .pressDigits('42#')
      .expectAction('PLAY')
      .expectAction('SAY')
      .expectAction('REDIRECT')
      .expectAction('COLLECT', { name: 'again' })
      .pressDigits('1')
      .expectAction('REDIRECT', { params: { url: 'https://game.example.com/game' } })
      .expectAction('SAY', { params: { text: /^Round/ } })
      .expectAction('COLLECT', { name: 'guess' })
      .hangUp()

    expect(call).toHavePlayed("Round 2. I'm thinking of a number between 1 and 100.")
    expect(call.events).toEqual(['init_call', 'redirect', 'redirect', 'call_end'])
    expect(stats.find((s) => s.rounds === 2)).toMatchObject({ wins: 1 })
  })

  it('says so when the caller presses only pound', async () => {
    const call = await game().pressDigits('#').expectAction('SAY', { params: { text: "I didn't hear a guess." } }).expectAction('COLLECT').hangUp()
    expect(call.print()).toContain(`COLLECT "guess" → $keyPresses = "" (ended by #)`)
  })

  it('works the same with callbacks configured for GET (query parameters)', async () => {
    const call = await game({ callbackMethod: 'GET' })
      .pressDigits('42#')
      .expectAction('PLAY')
      .expectAction('SAY')
      .expectAction('REDIRECT', { params: { method: 'GET' } })
      .expectAction('COLLECT', { name: 'again' })
      .hangUp()

    const redirect = call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'redirect')
    expect(redirect).toMatchObject({ request: { method: 'GET', body: undefined } })
    const url = new URL((redirect as { request: { url: string } }).request.url)
    expect(url.pathname).toBe('/game/won')
    expect(JSON.parse(url.searchParams.get('key_presses')!)).toEqual([{ name: 'guess', digits: '42' }])
    expect(JSON.parse(url.searchParams.get('session_data')!)).toEqual({ number: 42, round: 1, wins: 0 })
  })
})
