import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliProcess } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

// The command in its own process: a call's warnings went to the process's stderr (console.warn),
// which an in-process run (run-cli.ts) does not capture.
const callspec = cliProcess

const FILE = 'test/cli/fixtures/warnings/unknown-key.yaml'
const WARNING =
  'turn 2: the app\'s answer to ANSWERED: Unrecognized key: "collectinput" (received {"maxDigits":1}): ignored, as callspec assumes the vendor does with keys it does not know; did you mean "collectInput"? (rule webex-connect/unknown-keys, inferred)'
const count = (text: string, part: string) => text.split(part).length - 1

// A Webex Connect app whose PLAY misspells collectInput (a warning, not a failure), then hangs up.
let server: Server
let target: string
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      const event = (JSON.parse(body) as { event: string }).event
      if (event === 'DROPPED') return void res.end()
      res.setHeader('content-type', 'application/json')
      const play = { action: 'PLAY', audio: [{ type: 'TTS', text: 'Hi' }], collectinput: { maxDigits: 1 } }
      res.end(JSON.stringify(event === 'ACCEPTED' ? { action: 'ANSWER' } : event === 'ANSWERED' ? play : { action: 'HANGUP' }))
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe("callspec run: a call's warnings are in the report, once, and not on stderr", () => {
  it('pretty: under the passed call on stdout; stderr stays empty', async () => {
    const { code, out, err } = await callspec(['run', FILE, '--target', target])
    const times = /\d+ ms\)|in [\d.]+ s/g
    expect(out.replace(times, '…')).toBe(`✔ a PLAY with a misspelt key (${FILE}:2, …\n  ⚠ ${WARNING}\n\nall passed, 1 passed, 1 call(s) …\n`)
    expect(count(out, 'Unrecognized key: "collectinput"')).toBe(1)
    expect(err).toBe('')
    expect(code).toBe(0)
  }, 30_000)

  it('json and junit: in the call (json: warnings; junit: the transcript in <system-out>), stderr only naming the files', async () => {
    const dir = tempDir('warnings')
    const { code, out, err } = await callspec(['run', FILE, '--target', target, '--reporter', `json:${dir}/calls.json`, '--reporter', `junit:${dir}/junit.xml`])
    // The files, then the run in brief (every report went to a file), with no warning.
    expect(err.replace(/in [\d.]+ s/, 'in … s')).toBe(`callspec: json report written to ${dir}/calls.json\ncallspec: junit report written to ${dir}/junit.xml\ncallspec run: all passed, 1 passed, 1 call(s) in … s\n`)
    expect(out).toBe('')
    const call = (JSON.parse(readFileSync(`${dir}/calls.json`, 'utf8')) as { calls: Array<{ status: string; warnings: string[] }> }).calls[0]!
    expect(call).toMatchObject({ status: 'passed', warnings: [WARNING] })
    const xml = readFileSync(`${dir}/junit.xml`, 'utf8')
    expect(count(xml, 'Unrecognized key: &quot;collectinput&quot;')).toBe(1)
    expect(xml).toMatch(/<system-out>[^<]*⚠ the app's answer to ANSWERED: Unrecognized key: &quot;collectinput&quot;[^<]*<\/system-out>/)
    expect(code).toBe(0)
  }, 30_000)

  // newcomer audit-155 N9: `--reporter html:…` alone printed "html report written" and exited 1, no word of what failed.
  it('every report to a file: stderr still says what failed, in brief', async () => {
    const failing = 'test/cli/fixtures/warnings/then-fails.yaml'
    const dir = tempDir('warnings')
    const { code, out, err } = await callspec(['run', failing, '--target', target, '--reporter', `html:${dir}/calls.html`])
    expect(out).toBe('')
    const lines = err.split('\n')
    expect(lines[0]).toBe(`callspec: html report written to ${dir}/calls.html`)
    expect(lines[1]).toMatch(/^callspec run: 1 failed, 0 passed, 1 call\(s\) in [\d.]+ s$/)
    expect(lines[2]).toMatch(new RegExp(`^  ✖ .+ \\(${failing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+\\): turn \\d+, expectAction\\(`))
    expect(err).not.toContain('Unrecognized key')
    expect(code).toBe(1)
  }, 30_000)

  it("a failed call: its message lists the warning (pretty), json holds the warnings up to the failure; stderr stays empty", async () => {
    const failing = 'test/cli/fixtures/warnings/then-fails.yaml'
    const dir = tempDir('warnings')
    const { code, out, err } = await callspec(['run', failing, '--target', target, '--reporter', 'pretty', '--reporter', `json:${dir}/calls.json`])
    expect(out).toContain(`callspec warned earlier in this call (a cause, perhaps):\n  ⚠ ${WARNING}\n`)
    expect(err).toBe(`callspec: json report written to ${dir}/calls.json\n`)
    const call = (JSON.parse(readFileSync(`${dir}/calls.json`, 'utf8')) as { calls: Array<{ status: string; warnings: string[] }> }).calls[0]!
    expect(call).toMatchObject({ status: 'failed', warnings: [WARNING] })
    expect(code).toBe(1)
  }, 30_000)
})
