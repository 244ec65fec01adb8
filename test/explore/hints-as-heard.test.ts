import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { explore } from '../../src/index.js'
import { exploreCommand } from '../../src/explore/cli.js'
import { webexApp } from '../helpers/webex-apps.js'

/**
 * helper-137 finding 02: a Webex Connect card line by URL whose entry prompt has a number in it,
 * "Enter the last 4 digits of your card, then hash.". A tester hints it with the words they hear;
 * the explorer matched hints only against the prompt with numbers folded ("the last # digits"),
 * so the hint never applied, the card's branch (a transfer) was never explored, and nothing said so.
 */
async function startCardLine(): Promise<{ url: string; server: Server }> {
  const play = (text: string, collectInput?: object) => ({ action: 'PLAY', audio: [{ type: 'TTS', text }], ...(collectInput && { collectInput }) })
  const stage = new Map<string, string>()
  const answer = (e: { event?: string; sessionId?: string; digitsReceived?: string }): object | undefined => {
    const id = e.sessionId ?? ''
    // A call starts afresh: the explorer's calls with the same inputs have the same sessionId.
    if (e.event === 'ACCEPTED') {
      stage.delete(id)
      return { action: 'ANSWER' }
    }
    if (e.event === 'ANSWERED') return play('Acme cards. Press 1 to activate a card.', { maxDigits: 1, digitTimeout: 5 })
    if (e.event === 'PLAYED') return { action: 'HANGUP' }
    if (e.event !== 'COLLECTED_DIGITS') return undefined
    if (stage.get(id) === 'card') return e.digitsReceived === '5678' ? { action: 'PATCH', dialedNumber: '+14155550143' } : play('That card is not ours. Goodbye.')
    if (e.digitsReceived !== '1') return play('Goodbye.')
    stage.set(id, 'card')
    return play('Enter the last 4 digits of your card, then hash.', { terminationDigit: '#', digitTimeout: 5 })
  }
  const server = createServer(webexApp((event) => answer(event as Parameters<typeof answer>[0])))
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

async function exploreByUrl(url: string, ...args: string[]) {
  let out = ''
  let err = ''
  const code = await exploreCommand([url, '--platform', 'webex-connect', '--webhook-path', '/webex/events', '--max-depth', '3', ...args], explore, { write: (t: string) => (out += t) }, { write: (t: string) => (err += t) })
  return { code, out, err }
}

let url: string
let server: Server
beforeAll(async () => ({ url, server } = await startCardLine()))
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('callspec explore --hint against the prompt as the caller hears it', { timeout: 120_000 }, () => {
  it.each(['last 4 digits=5678#', String.raw`/last \d digits/i=5678#`])('applies a hint written with the number the caller hears (%s): the hinted entry is explored', async (hint) => {
    const { code, out, err } = await exploreByUrl(url, '--hint', hint)
    expect(err).toBe('')
    expect(code).toBe(0)
    expect(out).toMatch(/\n\d+\. \[transfer\] The call is transferred: PATCH → \+14155550143\.\n {3}steps: pressDigits\('1'\) → pressDigits\('5678#'\) {3}seed: \d+\n/)
    expect(out).not.toContain('matched no prompt')
  })

  it('ends the report with the hints that matched no prompt, and the prompts where a hint is entered', async () => {
    const { code, out, err } = await exploreByUrl(url, '--hint', 'last four digits=5678#', '--hint', '/card number/i=1#')
    expect(err).toBe('')
    expect(code).toBe(0)
    expect(out).not.toContain('PATCH → +14155550143')
    expect(out).toMatch(
      /\n\nhints that matched no prompt, so never entered: "last four digits", \/card number\/i\n {2}A hint is a piece of a prompt \(any case\) or a \/regexp\/, matched against each prompt as the caller heard it and with its numbers folded to #\. The prompts where a hint is entered, folded:\n {4}"Enter the last # digits of your card, then hash\."\n$/,
    )
  })
})
