import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli } from '../cli/run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

// An app by URL written to the 2021 Webex Connect SDK (maxDigits at the top of PLAY) needs the
// simulation's vendor option legacyPlayInput: before --vendor, callspec explore by URL could not set
// it, and explored nothing past the greeting (its menu's keys were dropped as unknown keys).
let server: Server
let url: string
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      const event = JSON.parse(body || '{}') as { event?: string; digitsReceived?: string }
      const play = (text: string, input = {}) => ({ action: 'PLAY', audio: [{ type: 'TTS', text }], ...input })
      const action =
        event.event === 'ACCEPTED'
          ? { action: 'ANSWER' }
          : event.event === 'ANSWERED'
            ? play('Press 1 for sales.', { maxDigits: 1, digitTimeout: 5 })
            : event.event === 'COLLECTED_DIGITS'
              ? play(event.digitsReceived === '1' ? 'Sales. Goodbye.' : 'Goodbye.')
              : event.event === 'PLAYED'
                ? { action: 'HANGUP' }
                : {}
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(action))
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => server.close())

const explore = (...args: string[]) => cli(['explore', url, '--platform', 'webex-connect', '--webhook-path', '/', '--max-calls', '20', ...args])

describe('callspec explore --vendor key=value', { timeout: 60_000 }, () => {
  it('sets the platform simulation option by URL: the 2021-shape menu is explored, and the emitted scenario file carries vendor:', async () => {
    const without = await explore()
    expect(without.out).toMatch(/^callspec explore \(webex-connect\): 1 calls, 0 menus,/)

    const file = join(tempDir('explore-vendor'), 'paths.yaml')
    const { code, out, err } = await explore('--vendor', 'legacyPlayInput=true', '--emit-scenarios', file)
    expect(err).toBe('')
    expect(code).toBe(0)
    expect(out).toMatch(/^callspec explore \(webex-connect\): \d+ calls, 1 menus,/)
    const yaml = readFileSync(file, 'utf8')
    expect(yaml).toContain('vendor:\n  legacyPlayInput: true\n')
    expect(yaml).toContain('heard: Sales. Goodbye.')
  })

  // Brief h209: `serviceKey=0012345` was read as YAML, the number 12345, and the emitted file said so.
  it('keeps a value whose text YAML would change as typed: the emitted scenario file carries the string', async () => {
    const file = join(tempDir('explore-vendor-text'), 'paths.yaml')
    const { code, err } = await explore('--vendor', 'legacyPlayInput=true', '--vendor', 'serviceKey=0012345', '--emit-scenarios', file)
    expect(err).toBe('')
    expect(code).toBe(0)
    expect(readFileSync(file, 'utf8')).toContain('vendor:\n  legacyPlayInput: true\n  serviceKey: "0012345"\n')
  })

  it('says in --help how a value is read', async () => {
    const { out } = await cli(['explore', '--help'])
    expect(out).toContain("A text option's value (appId,\n                          serviceKey, menuTerminator…) is the text typed; any other is read as\n                          YAML")
  })

  it.each([
    [['legacyplayinput=true'], `--vendor: webex-connect's vendor options have no "legacyplayinput" (did you mean "legacyPlayInput"?): they are audioDurationsMs, failureEvent, patchedEvents, legacyPlayInput, serviceKey, requireIdempotencyKey (its behaviour notes say what each does).`],
    [['legacyPlayInput=yes'], `--vendor: webex-connect's vendor option legacyPlayInput is "yes": give true or false, or leave it out for callspec's default (its behaviour notes say what each does).`],
    // h208: `__proto__` was set as the object's prototype, dropped with no word, and the exploration ran.
    [['__proto__=1'], `--vendor: webex-connect's vendor options have no "__proto__": they are audioDurationsMs, failureEvent, patchedEvents, legacyPlayInput, serviceKey, requireIdempotencyKey (its behaviour notes say what each does).`],
    [['legacyPlayInput'], '--vendor takes key=value, such as --vendor legacyPlayInput=true; got "legacyPlayInput"'],
    // A value of the wrong shape was taken, and every file played for the default length.
    [['audioDurationsMs=3000'], `--vendor: webex-connect's vendor option audioDurationsMs is 3000: give an object of audio URLs (or mediaIds) to milliseconds, such as { "https://example.com/hold.wav": 4000 }, or leave it out for callspec's default (its behaviour notes say what each does).`],
    [['audioDurationsMs={a: 1'], "--vendor audioDurationsMs={a: 1: its value is read as YAML (as under a scenario file's vendor:), and is not: Flow map must end with a } at line 1, column 6"],
  ])('refuses %j before any call, exit 2', async (vendor, message) => {
    const { code, out, err } = await explore(...vendor.flatMap((v) => ['--vendor', v]))
    expect(err).toBe(`callspec explore: ${message}\nRun callspec explore --help for the options.\n`)
    expect(out).toBe('')
    expect(code).toBe(2)
  })
})
