/**
 * An app under callspec/agent whose REST request body is streamed: the agent streams it on to the
 * fake API as the app writes it, and a request whose body is still coming does not hold the app's
 * quiet. Before (helper-187), the agent read the whole body before forwarding: a body paced by the
 * app's own timers (on the call's clock) never finished, as the clock waited for the request and the
 * request for the clock, and a correct app failed after quietTimeoutMs with "the forward to the fake
 * API is stuck; check that the platform server is still open"; a body that never ended, or that
 * the app aborted, failed the same way (the abort crashed the app: "the request has already been
 * handled"), where an app in the test's process is told its body did not finish.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { appUnderAgent } from './spawn-app.js'

const SCRIPT = 'test/agent/fixtures/streamed-body-app.mjs'
const flow = (held: ReturnType<typeof appUnderAgent>) =>
  callTo(held.app.url, { platform: 'enablex', api: held.platform, appClock: held.agent, seed: 7, limits: { appTimeoutMs: 1_500 } })
    .expectAction('accept')
    .expectAction('play', { text: 'Goodbye.' })
    .expectAction('hangup')

/** The failure up to the last event, the call's id and the server's port made constant. */
const explanation = (message: string) =>
  message
    .split('\nThe last event the app was sent')[0]!
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{voice_id}')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:{port}')

const CAME = `The app's requests that came but whose body did not finish, since this call started (the fake vendor API answers a request once its body has ended):`
const CAME_ADVICE = `The request itself came: check how the app sends its body (a stream it never closes, a Content-Length above the bytes it writes, a request it destroys or aborts).`

describe('callspec/agent: a play body written in chunks from the app’s own timers', () => {
  const held = appUnderAgent('enablex', SCRIPT, { BODY: 'paced' })

  it('is streamed on as it comes, and the call plays it', { timeout: 20_000 }, async () => {
    const call = await flow(held)
    expect(call.print()).toContain('app timer 50 ms → play')
  })
})

describe('callspec/agent: a play body that never ends', () => {
  const held = appUnderAgent('enablex', SCRIPT, { BODY: 'never' })

  it('fails saying the request came and its body did not finish, as for an app in the test process', { timeout: 20_000 }, async () => {
    const error = await failureOf(flow(held))
    expect(explanation(error.message)).toBe(
      `[callspec] turn 2, expectAction('play', { text: "Goodbye." }): waited 1500 ms (limits.appTimeoutMs) for the app's next REST request to EnableX after the "connected" event (turn 2), and it came only in part (its body did not finish, below).\n` +
        `${CAME}\n` +
        `  • PUT http://127.0.0.1:{port}/voice/v1/call/{voice_id}/play: its body has not finished (19 bytes so far); the fake API answers 408 if it has not ended 10 s after the request came\n` +
        CAME_ADVICE,
    )
  })
})

describe('callspec/agent: a play the app aborts mid-body', () => {
  const held = appUnderAgent('enablex', SCRIPT, { BODY: 'aborted' })

  it('fails listing it as abandoned mid-body, and the app lives on', { timeout: 20_000 }, async () => {
    const error = await failureOf(flow(held))
    expect(explanation(error.message)).toContain(`${CAME}\n  • PUT http://127.0.0.1:{port}/voice/v1/call/{voice_id}/play: the app abandoned it mid-body (19 bytes of its body had come)\n${CAME_ADVICE}`)
    expect(held.app.child.exitCode).toBeNull()
    expect(held.app.output()).not.toMatch(/already been handled/)
  })
})
