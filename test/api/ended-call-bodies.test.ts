import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo, startPlatform, type PlatformServer } from '../../src/index.js'
import { realTimers } from '../../src/clock/real-timers.js'
import { failureOf } from '../helpers/failure-of.js'
import { enablexApp } from '../drivers/enablex/apps.js'

/**
 * A request about a call that has ended whose body the fake API answers itself (408: it never
 * ended) or is still reading belongs to that call's app, still at work (an earlier test's timer),
 * not to the call in progress: it is listed with the other requests about ended calls, and the
 * call in progress waits on. Measured (helper-187): an earlier test's play whose body never ended
 * was answered 408 during the next test's call and listed as that call's refusal, its failure
 * beginning "callspec's fake API refused the app's request, with an answer of callspec's own …";
 * still unfinished, it made the next call's failure say the awaited request "came only in part".
 */

const enablexAuth = `Basic ${Buffer.from('app-id:app-key').toString('base64')}`

/** A body stream that sends its first bytes and never ends. */
const neverEnding = () => new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new TextEncoder().encode('{"text":')) })

/** The failure's explanation (up to the last event), with the call's ids and the server's port made constant. */
const explanation = (message: string, ended: string) =>
  message
    .split('\nThe last event the app was sent')[0]!
    .replaceAll(ended, '{ended voice_id}')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:{port}')

const ENDED_ADVICE =
  `Such a request comes from an app still at work after its call ended (an earlier test's, whose timer or awaited request outlived the test, or a concurrent call's: clear such work at its test's end), or from this call's app using an id it kept from an earlier call.`

/**
 * Runs a call whose app, once it has hung up, sends a play on its call with a body that never ends
 * from a timer (real time: its call has ended), then a call whose app accepts and never plays.
 * Returns the second call's failure and the first call's voice_id.
 */
async function leakThenWait(platform: PlatformServer, signal: AbortSignal): Promise<{ message: string; ended: string }> {
  let ended = ''
  const leaking = enablexApp(async (event, rest) => {
    if (event.state === 'incomingcall') return rest.call('PUT', `/call/${event.voice_id}/accept`)
    if (event.state !== 'connected') return
    ended = event.voice_id
    await rest.call('DELETE', `/call/${event.voice_id}`)
    realTimers.setTimeout(() => {
      const play = `${platform.url}/voice/v1/call/${ended}/play`
      void fetch(play, { method: 'PUT', headers: { authorization: enablexAuth, 'content-type': 'application/json' }, body: neverEnding(), duplex: 'half', signal } as RequestInit)
        .then((r) => r.text())
        .catch(() => {})
    }, 50)
  }, { base: () => platform.url })
  await callTo(leaking, { platform: 'enablex', api: platform }).expectAction('accept').expectAction('hangup')
  const quiet = enablexApp(async (event, rest) => {
    if (event.state === 'incomingcall') return rest.call('PUT', `/call/${event.voice_id}/accept`)
  }, { base: () => platform.url })
  const error = await failureOf(callTo(quiet, { platform: 'enablex', api: platform, limits: { appTimeoutMs: 1_000 } }).expectAction('accept').expectAction('play'))
  return { message: error.message, ended }
}

/** An EnableX platform server reading bodies for `bodyTimeoutMs`, for a describe block, and the abort that ends the leaking app's body after it. */
function enablexReadingBodiesFor(bodyTimeoutMs: number) {
  const held = { abort: new AbortController() } as { platform: PlatformServer; abort: AbortController }
  beforeAll(async () => {
    held.platform = await startPlatform('enablex', { bodyTimeoutMs })
  })
  afterAll(async () => {
    held.abort.abort()
    await held.platform.close()
  })
  return held
}

describe('a body the fake API answered itself, or is still reading, on a call that had ended', () => {
  const held = enablexReadingBodiesFor(300)

  // Two calls: 2.4 s of real time at ordinary load; at load ~11 on two cores (Node 22) the second began past
  // 4 s, and callspec cut its 1000 ms wait to 499 ms for vitest's 5 s ("the test's 5 s timeout is near"),
  // which is not the message asserted. The wait asserted is limits.appTimeoutMs, not the test's time.
  it("an earlier call's play whose body never ended, answered 408 during the next call, is listed apart, not as the next call's refusal", async () => {
    const { message, ended } = await leakThenWait(held.platform, held.abort.signal)
    expect(explanation(message, ended)).toBe(
      `[callspec] turn 2, expectAction('play'): waited 1000 ms (limits.appTimeoutMs) for the app's next REST request to EnableX after the "connected" event (turn 2), and it never came.\n` +
        `The fake vendor API also received requests about calls that had already ended, since this call started (not this call's):\n` +
        `  • PUT http://127.0.0.1:{port}/voice/v1/call/{ended voice_id}/play → HTTP 408 {"error":"request body did not finish within 300 ms of the request (8 bytes came); callspec's fake API stopped waiting for it"}\n` +
        ENDED_ADVICE,
    )
  }, 15_000)
})

describe('still unfinished when the next call fails', () => {
  const held = enablexReadingBodiesFor(5_000)

  // The same two calls (2.1-3.2 s of real time at load ~11): the same 15 s.
  it("is listed with the ended calls' requests, and the next call's awaited request is not said to have come in part", async () => {
    const { message, ended } = await leakThenWait(held.platform, held.abort.signal)
    expect(explanation(message, ended)).toBe(
      `[callspec] turn 2, expectAction('play'): waited 1000 ms (limits.appTimeoutMs) for the app's next REST request to EnableX after the "connected" event (turn 2), and it never came.\n` +
        `The fake vendor API also received requests about calls that had already ended, since this call started (not this call's):\n` +
        `  • PUT http://127.0.0.1:{port}/voice/v1/call/{ended voice_id}/play: its body has not finished (8 bytes so far); the fake API answers 408 if it has not ended 5 s after the request came\n` +
        ENDED_ADVICE,
    )
  }, 15_000)
})
