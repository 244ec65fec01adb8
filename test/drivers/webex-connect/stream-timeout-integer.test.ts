/**
 * streamInput.timeout and maxsilence in fractional seconds (webex-connect/stream-timeout-integer).
 * The docs state neither their type nor their unit (their example sends 20 and 5): integer seconds
 * is callspec's inference, so a fractional value warns and runs as given, and fails only under
 * strict, said as callspec's. Before: `streamInput: { timeout: 7.5 }` failed the call as the docs'
 * schema, "✖ Invalid input: expected int, received number 7.5 → rule webex-connect/action-schema
 * (Webex Connect docs: Voice API v1, Actions)" (audit h154 G2). End to end, over HTTP.
 */
import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { answering, tts } from '../../helpers/webex-apps.js'

const W = { platform: 'webex-connect' } as const
const ask = (streamInput: Record<string, unknown>) => ({ action: 'PLAY', audio: [tts('Say a department.')], streamInput })
const tag = 'rule webex-connect/stream-timeout-integer'
const source = 'inferred: the docs state neither the type nor the unit of streamInput.timeout and maxsilence (their example sends 20 and 5); callspec infers integer seconds'
const atError = 'a fractional number of seconds: callspec infers that the platform takes integer seconds here (the docs state neither the type nor the unit)'

/** When STREAMED went out, in ms of the call. */
const streamedAt = (call: Awaited<ReturnType<typeof silent>>) => call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'STREAMED')!.at
const silent = (timeout: number) => callTo(answering(ask({ timeout })), { ...W, warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').staySilent().expectAction('HANGUP')

describe('a fractional streamInput timeout or maxsilence (webex-connect/stream-timeout-integer)', () => {
  it('warns by default, saying the integer is callspec\'s inference, and the speech is heard', async () => {
    const call = await callTo(answering(ask({ timeout: 7.5, maxsilence: 1.5 })), { ...W, warnings: 'silent' })
      .expectAction('ANSWER')
      .expectAction('PLAY')
      .say('sales')
      .expectAction('HANGUP')
    expect(call.warnings).toEqual([
      `turn 2: the app's answer to ANSWERED: ${atError}; callspec listens 7.5 s, as given at streamInput.timeout (${tag}, inferred)`,
      `turn 2: the app's answer to ANSWERED: ${atError} at streamInput.maxsilence (${tag}, inferred)`,
    ])
    expect(call.event('STREAMED')).toMatchObject({ status: 'SUCCESS', text: 'sales' })
  })

  it('runs the timeout as given: 7.5 s of silence, half a second after 7 s', async () => {
    const [whole, half] = [await silent(7), await silent(7.5)]
    expect(streamedAt(half) - streamedAt(whole)).toBe(500)
    expect(half.event('STREAMED')).toMatchObject({ status: 'FAILURE', error: { message: 'No speech detected before timeout' } })
  })

  it('a fraction under 1 s runs as given, and timeouts-positive says so, not "runs it as 0"', async () => {
    const call = await silent(0.5)
    expect(call.warnings).toEqual([
      "turn 2: the app's answer to ANSWERED: a timeout under 1 s: the docs set no bounds on it; callspec runs it as given, 0.5 s at streamInput.timeout (rule webex-connect/timeouts-positive, inferred)",
      `turn 2: the app's answer to ANSWERED: ${atError}; callspec listens 0.5 s, as given at streamInput.timeout (${tag}, inferred)`,
    ])
    expect(streamedAt(call) - streamedAt(await silent(0))).toBe(500)
  })

  it('fails under strict, led by the inference, never as the docs\' schema', async () => {
    const error = await failureOf(callTo(answering(ask({ timeout: 7.5 })), { ...W, strict: true }).expectAction('ANSWER').expectAction('PLAY'))
    expect(error.message).toContain(
      "callspec failed the app's answer to ANSWERED by a rule it inferred, not one Webex Connect documents: webex-connect/stream-timeout-integer, at error under strict: true",
    )
    expect(error.message).toContain(`✖ ${atError}\n  → at streamInput.timeout\n  → ${tag} (${source})`)
    expect(error.message).not.toContain('webex-connect/action-schema')
  })

  it('validate() grades it the same way: ok, with the warning', () => {
    const result = validate('webex-connect', 'action', ask({ timeout: 7.5 }))
    expect(result.ok).toBe(true)
    expect(result.issues).toMatchObject([{ level: 'warn', rule: 'webex-connect/stream-timeout-integer', path: 'streamInput.timeout' }])
  })

  it('a value that is no number still fails the docs\' schema', async () => {
    const error = await failureOf(callTo(answering(ask({ timeout: '7' })), W).expectAction('ANSWER').expectAction('PLAY'))
    expect(error.message).toContain('→ rule webex-connect/action-schema')
  })
})
