/**
 * `callspec run --seed`: every call of a run gets other ids. Audit helper-68: a run
 * against a long-running server passed once and failed the second time (`the app answered
 * COLLECTED_DIGITS with an empty body`): each run sent the same sessionIds (seeded from the file
 * and the call's name), and an app keeping per-call state by sessionId took them for calls it had
 * already finished.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIvrApp, exampleConfig } from '../../examples/webex-connect-pin-ivr/app.js'
import { cli, FIXTURES } from './run-cli.js'

// One server for every run, as a QA environment's: it keeps its calls' state between runs.
const seen: string[] = []
const ivr = createIvrApp(exampleConfig())
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  let body = ''
  req.on('data', (chunk) => (body += chunk))
  req.on('end', () => {
    const { event, sessionId } = JSON.parse(body) as { event: string; sessionId: string }
    if (event === 'ACCEPTED') seen.push(sessionId)
    // Hands the body it read on to the app, as a body parser would have left it.
    Object.assign(req, { body: JSON.parse(body) })
    ivr(req, res)
  })
})
let target = ''
beforeAll(async () => {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise((resolve) => server.close(resolve)))

const run = async (...extra: string[]) => {
  seen.length = 0
  const result = await cli(['run', `${FIXTURES}/pass.yaml`, '--target', target, ...extra])
  // Sorted: the run's calls go out concurrently, so the order their ACCEPTED arrive in varies.
  return { ...result, sessions: [...seen].sort() }
}

describe('callspec run --seed', () => {
  it('gives every call of the run other sessionIds, so a second run against the same server is new calls to it', async () => {
    const first = await run()
    expect(first.code).toBe(0)
    // Without --seed: the same ids every run (a rerun repeats exactly).
    expect((await run()).sessions).toEqual(first.sessions)
    const seeded = await run('--seed', '7')
    expect(seeded.code).toBe(0)
    expect(seeded.sessions).toHaveLength(2)
    expect(seeded.sessions.filter((id) => first.sessions.includes(id))).toEqual([])
    // The same --seed: the same run again.
    expect((await run('--seed', '7')).sessions).toEqual(seeded.sessions)
  })

  it('random draws a seed, says it before any call, and that seed repeats the run', async () => {
    const drawn = await run('--seed', 'random')
    const seed = /^callspec run: --seed random drew (\d+): pass --seed \1 to repeat this run's ids$/m.exec(drawn.err)?.[1]
    expect(seed).toBeDefined()
    expect((await run('--seed', seed!)).sessions).toEqual(drawn.sessions)
  })

  it('refuses a seed that is no whole number', async () => {
    const bad = await run('--seed', 'often')
    expect(bad.err).toContain('callspec run: --seed is a whole number or random, got "often"')
    expect(bad.code).toBe(2)
    // h208: an empty one (`--seed=`, a shell variable unset) was read as Number('') = 0, and the run went on seeded 0.
    const empty = await run('--seed=')
    expect(empty.err).toContain('callspec run: --seed is a whole number or random, got ""')
    expect(empty.code).toBe(2)
  })
})
