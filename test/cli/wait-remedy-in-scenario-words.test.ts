/**
 * Audit h186: under `callspec run`, an app by URL slower than callspec's wait was told to "raise it,
 * and the test's timeout, to wait longer": a scenario file has no test timeout, and its reader does
 * not know where `limits.responseTimeoutMs` goes. Now the remedy is the file's own setting.
 */
import { describe, expect, it } from 'vitest'
import { stubServer } from '../helpers/stub-server.js'
import { cli, FIXTURES } from './run-cli.js'

// An app by URL that answers every webhook a second late: longer than the file's 300 ms wait.
const app = stubServer((req, res) => {
  req.resume()
  const late = setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"action":"ANSWER"}'), 1_000)
  res.on('close', () => clearTimeout(late))
})

describe('callspec run: a wait that ran out, by URL', () => {
  it("says to raise it in the scenario file's limits, not with the test's timeout", async () => {
    const { code, out } = await cli(['run', `${FIXTURES}/slow-answer/slow.yaml`, '--target', app.url])
    expect(out).toContain("the app had not answered within callspec's wait of 300 ms (limits.responseTimeoutMs; raise it in the scenario file (limits: { responseTimeoutMs: 30s }) to wait longer).")
    expect(out).not.toContain("the test's timeout")
    expect(code).toBe(1)
  })
})
