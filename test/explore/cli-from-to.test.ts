import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { explore } from '../../src/index.js'
import { exploreCommand } from '../../src/explore/cli.js'
import { cli } from '../cli/run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

// h201: an app by URL that answers by the caller's number (a number-masking line: only the
// trip's rider is put through) could not be explored past its refusal: `callspec explore` had no
// --from (dial had), so every call came from callspec's default number and the whole graph was
// "no active trip, goodbye". --from/--to set the numbers, and the replays and the emitted file
// carry them, so `callspec run` replays the same calls.
const RIDER = '+6591178965'
const DRIVER = '+6531589338'

function sink() {
  let text = ''
  return { stream: { write: (s: string) => (text += s) }, text: () => text }
}

/** A Webex Connect masking line: the rider hears a one-key menu, anyone else a refusal. */
async function startMaskingLine() {
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk))
    req.on('end', () => {
      const event = JSON.parse(body || '{}') as { event?: string; callerId?: string; digitsReceived?: string }
      const json = (action: object) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(action))
      if (event.event === 'ACCEPTED') return json({ action: 'ANSWER' })
      if (event.event === 'ANSWERED') {
        if (event.callerId !== RIDER) return json({ action: 'PLAY', audio: [{ type: 'TTS', text: 'Sorry, there is no active trip for this number. Goodbye.' }] })
        return json({ action: 'PLAY', audio: [{ type: 'TTS', text: 'Press 1 to call your driver.' }], collectInput: { maxDigits: 1, digitTimeout: 5 } })
      }
      if (event.event === 'COLLECTED_DIGITS' && event.digitsReceived === '1') return json({ action: 'PATCH', dialedNumber: DRIVER })
      if (event.event === 'COLLECTED_DIGITS' || event.event === 'PLAYED') return json({ action: 'HANGUP' })
      res.writeHead(200).end()
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

describe('callspec explore --from/--to', { timeout: 120_000 }, () => {
  it('explores the calls of the number given, and its replays and --emit-scenarios file call from it', async () => {
    const { url, server } = await startMaskingLine()
    try {
      const file = join(tempDir('explore-from'), 'rider.yaml')
      const out = sink()
      const err = sink()
      const code = await exploreCommand([url, '--platform', 'webex-connect', '--from', RIDER, '--to', '+6568332048', '--emit-scenarios', file], explore, out.stream, err.stream)
      expect(err.text()).toBe('')
      expect(code).toBe(0)
      expect(out.text()).toContain(`1. [transfer] The call is transferred: PATCH → ${DRIVER}.`)
      // The finding's scenario says the numbers as settings, and its TypeScript replay as steps: no "your setup()" to write.
      expect(out.text()).toMatch(/ {5}from: "\+6591178965"\n {5}to: "\+6568332048"\n {5}seed: \d+\n/)
      expect(out.text()).toContain(".fromCaller('+6591178965')\n             .toNumber('+6568332048')\n")
      expect(out.text()).not.toContain('setup')
      const text = readFileSync(file, 'utf8')
      expect(text).toContain(`target: ${url}\nfrom: "+6591178965"\nto: "+6568332048"\nscenarios:\n`)
      expect(text).toContain(`name: "1 ⇒ PATCH → ${DRIVER}"\n`)
      const run = await cli(['run', file])
      expect(run.out).toMatch(/all passed, \d+ passed/)
      expect(run.code).toBe(0)
    } finally {
      server.close()
    }
  })

  it('refuses a number not in E.164 form, and --from with a config module (its setup() says the caller), before any call', async () => {
    const err = sink()
    expect(await exploreCommand(['http://127.0.0.1:9', '--platform', 'webex-connect', '--from', '6591 1789'], explore, sink().stream, err.stream)).toBe(2)
    expect(err.text()).toBe('callspec explore: --from is a phone number in E.164 form such as +14155550100, got "6591 1789"\nRun callspec explore --help for the options.\n')
    const config = sink()
    expect(await exploreCommand(['examples/explorer/planted.explore.ts', '--from', RIDER], explore, sink().stream, config.stream)).toBe(2)
    expect(config.text()).toBe(
      "callspec explore: --from is for a URL target: a config module sets the call's numbers in its options' setup, (call) => call.fromCaller('+14155550100').toNumber('+14155550199'), which its replays and --emit's suite run too.\nRun callspec explore --help for the options.\n",
    )
  })
})
