/**
 * An EnableX app by URL, and no --api: the app drives its calls through the vendor's REST API, so
 * without callspec's fake of it no call can start and no event is ever sent. A mistake in how the
 * command was run, told by the failure's data (errors/api-missing.ts), not by its words (audit-108):
 * before, `callspec run` exited 1 as if calls had failed, and `callspec explore` listed it as a
 * finding of the app ("[app-error] The call fails").
 */
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiMissingOf } from '../../src/errors/api-missing.js'
import { explore } from '../../src/index.js'
import { tempDir } from '../helpers/temp-dir.js'
import { cli, FIXTURES } from './run-cli.js'

/** An app's address that answers anything with 200: it is never asked (no event is sent), which `requests` shows. */
let server: Server
let url: string
let requests = 0
beforeAll(async () => {
  server = createServer((_req, res) => {
    requests++
    res.end('{}')
  }).listen(0, '127.0.0.1')
  await once(server, 'listening')
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const RUN_LINE =
  "callspec run: no call could start: every call needs callspec's fake enablex API, which this run does not serve: pass --api <port> (0: a free port) and point the app's enablex base URL at the URL it prints (exit 2: the run could not start as written)."

describe('callspec run: an EnableX app by URL without --api', () => {
  it("exits 2 with one line saying what to pass; each call still says why it failed, a JUnit <error> (the set-up's, not the app's)", async () => {
    const dir = tempDir('api-not-served')
    const before = requests
    const { code, out, err } = await cli(['run', `${FIXTURES}/enablex/billing.yaml`, '--target', url, '--reporter', 'pretty', '--reporter', `junit:${dir}/junit.xml`])
    expect(out).toContain('[callspec] start of call: an app on enablex drives the call through the fake enablex API, but the app runs outside this process. Start one with `callspec run --api <port>`')
    expect(err).toBe(`callspec: junit report written to ${dir}/junit.xml\n\n${RUN_LINE}\n`)
    // An error, as a call that never reached the app: the set-up failed, not the app (before: a failure).
    expect(readFileSync(`${dir}/junit.xml`, 'utf8')).toContain('<testsuites name="callspec" tests="1" failures="0" errors="1" ')
    expect(requests - before).toBe(0)
    expect(code).toBe(2)
  })
})

describe('callspec explore: an EnableX app by URL without --api', () => {
  it('is no finding of the app: nothing on stdout, the line on stderr, exit 2', async () => {
    const { code, out, err } = await cli(['explore', url, '--platform', 'enablex'])
    expect(out).toBe('')
    expect(err).toBe(
      'callspec explore: no call could start, so nothing was explored: an app on enablex drives the call through the fake enablex API, but the app runs outside this process. ' +
        'Start one with `callspec explore --api <port>` on a fixed port (--api 9999), and start the app first with its enablex base URL on that port (http://127.0.0.1:9999/voice/v1).\n',
    )
    expect(code).toBe(2)
  })

  it('explore() rejects with that error, marked as data, rather than return it as an app-error finding', async () => {
    const error = await explore(url, { platform: 'enablex' }).then(
      (result) => result.findings,
      (thrown: unknown) => thrown,
    )
    expect(apiMissingOf(error)).toBe('enablex')
    expect((error as Error).message.split('\n')[0]).toBe(
      "[callspec] start of call: an app on enablex drives the call through the fake enablex API, but the app runs outside this process. Start one with `const platform = await startPlatform('enablex')`, configure the app with platform.url + '/voice/v1', and pass { api: platform } to callTo(). (From the callspec command: --api <port>, and point the app at the URL it prints.)",
    )
  })
})
