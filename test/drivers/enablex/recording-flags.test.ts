import { describe, expect, it } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { callTo, validate } from '../../../src/index.js'
import { RecordingRequestSchema } from '../../../drivers/enablex/index.js'
import { enablexApp } from './apps.js'

/**
 * EnableX's recording table types `start` and `stop` as booleans (§2.8) and shows only
 * `{"start": true}` / `{"stop": true}`; what `false` does is not documented. A `false` must not
 * fail a call under the documented enablex/request-schema: it is no start (no stop), a 200 with no
 * recording started or stopped, with a warning under the inferred rule enablex/recording-false.
 */

const TAG = "(rule enablex/recording-false, inferred)"

/** An inbound call bridged to an agent; once bridged it sends each recording body in `bodies`, then hangs up (not after a refused one). */
const recordingApp = (bodies: object[]) =>
  enablexApp(async (event, api) => {
    const id = event.voice_id
    if (event.state === 'incomingcall') return api.call('PUT', `/call/${id}/accept`)
    if (event.state === 'connected') return api.call('PUT', `/call/${id}/connect`, { from: '14155550199', to: '14155550142' })
    if (event.state === 'bridged') {
      for (const body of bodies) if ((await api.call('PUT', `/call/${id}/recording`, body)).status !== 200) return undefined
      return api.call('DELETE', `/call/${id}`)
    }
  })

/** The call to recordingApp's end when its bodies start, then stop, a recording (warnings kept in call.warnings). */
const startedThenStopped = (app: ReturnType<typeof recordingApp>) =>
  callTo(app, { platform: 'enablex', warnings: 'silent' })
    .expectAction('accept')
    .expectAction('connect')
    .expectAction('recording', { start: true })
    .expectAction('recording', { stop: true })
    .expectAction('hangup')

describe('start: false and stop: false (rule enablex/recording-false, inferred)', () => {
  it('start: false starts no recording: a 200 with no recording_id, no started event, and a warning naming the rule', async () => {
    const app = recordingApp([{ start: false }])
    const call = await callTo(app, { platform: 'enablex', warnings: 'silent' }).expectAction('accept').expectAction('connect').expectAction('recording', { start: false }).expectAction('hangup')
    const answer = app.answers.find((a) => a.path.endsWith('/recording'))!
    expect(answer).toMatchObject({ status: 200, body: { status: 'success' } })
    expect(answer.body).not.toHaveProperty('recording_id')
    expect(app.seen.filter((e) => e.state === 'started')).toEqual([])
    expect(app.seen.find((e) => e.state === 'disconnected')).not.toHaveProperty('recording_url')
    expect(call.warnings).toHaveLength(1)
    expect(call.warnings[0]).toMatch(/^turn \d+: the app's recording request \(PUT \/voice\/v1\/call\/[^/]+\/recording\): /)
    expect(call.warnings[0]).toContain(`: start is false (received false) at start; callspec starts no recording and answers 200 with no recording_id: EnableX documents only {"start": true} ${TAG}`)
  })

  it('stop: false stops nothing: the recording runs on until stop: true, with a warning naming the rule', async () => {
    const app = recordingApp([{ start: true, recording_name: 'r1' }, { stop: false }, { stop: true }])
    const call = await callTo(app, { platform: 'enablex', warnings: 'silent' })
      .expectAction('accept')
      .expectAction('connect')
      .expectAction('recording', { start: true })
      .expectAction('recording', { stop: false })
      .expectAction('recording', { stop: true })
      .expectAction('hangup')
    const answers = app.answers.filter((a) => a.path.endsWith('/recording'))
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200])
    expect(answers[1]!.body).not.toHaveProperty('recording_id')
    expect(answers[2]!.body.recording_id).toBe(answers[0]!.body.recording_id)
    expect(app.seen.filter((e) => e.state === 'completed')).toHaveLength(1)
    expect(call.warnings).toHaveLength(1)
    expect(call.warnings[0]).toContain(`: stop is false (received false) at stop; callspec stops no recording and answers 200 with no recording_id: EnableX documents only {"stop": true} ${TAG}`)
  })

  it('stop: true and start: true run as before, with no warning', async () => {
    const app = recordingApp([{ start: true }, { stop: true }])
    const call = await startedThenStopped(app)
    expect(call.warnings).toEqual([])
    expect(app.seen.filter((e) => e.state === 'started')).toHaveLength(1)
  })

  it("strict fails the request with the rule's tag; validate() and the exported schema accept booleans as documented", async () => {
    const app = recordingApp([{ start: false }])
    const error = await failureOf(callTo(app, { platform: 'enablex', strict: true }).expectAction('accept').expectAction('connect').expectAction('recording', { start: false }))
    expect(error.message).toContain('→ rule enablex/recording-false')
    expect(app.answers.find((a) => a.path.endsWith('/recording'))).toMatchObject({ status: 400, body: { msg: expect.stringContaining('Invalid parameter: start') } })
    expect(RecordingRequestSchema.safeParse({ start: false }).success).toBe(true)
    expect(RecordingRequestSchema.safeParse({ stop: false }).success).toBe(true)
    expect(validate('enablex', 'recording', { start: false })).toMatchObject({ ok: true, issues: [{ rule: 'enablex/recording-false', level: 'warn', path: 'start' }] })
    expect(validate('enablex', 'action', { action: 'recording', body: { stop: false } })).toMatchObject({ ok: true, issues: [{ rule: 'enablex/recording-false', path: 'body.stop' }] })
    expect(validate('enablex', 'recording', { stop: false }, { strict: true }).ok).toBe(false)
    expect(validate('enablex', 'recording', { start: 'yes' }).ok).toBe(false)
  })
})

/**
 * audit-87 finding 2: a body with both flags failed the call under the documented
 * enablex/request-schema ("Invalid input"), though §2.8 only shows the two bodies apart. It is the
 * inferred rule enablex/start-and-stop: read start first, with a warning.
 */
describe('start and stop in one body (rule enablex/start-and-stop, inferred)', () => {
  const BOTH_TAG = "(rule enablex/start-and-stop, inferred)"

  it('{start: true, stop: true} starts a recording, with a warning that says how callspec read it', async () => {
    const app = recordingApp([{ start: true, stop: true }, { stop: true }])
    const call = await callTo(app, { platform: 'enablex', warnings: 'silent' })
      .expectAction('accept')
      .expectAction('connect')
      .expectAction('recording', { start: true, stop: true })
      .expectAction('recording', { stop: true })
      .expectAction('hangup')
    const answers = app.answers.filter((a) => a.path.endsWith('/recording'))
    expect(answers.map((a) => a.status)).toEqual([200, 200])
    expect(answers[0]!.body.recording_id).toEqual(expect.any(String))
    expect(app.seen.filter((e) => e.state === 'started')).toHaveLength(1)
    expect(call.warnings).toHaveLength(1)
    expect(call.warnings[0]).toContain(
      `: start and stop are both given (received {"start":true,"stop":true}); callspec reads start first: it starts a recording and ignores stop. EnableX documents {"start": true} and {"stop": true} as two requests, not what one holding both does: send one of them ${BOTH_TAG}`,
    )
    expect(call.print()).toMatch(/⇠ recording +start\n/)
  })

  it('{start: false, stop: true} stops the recording running', async () => {
    const app = recordingApp([{ start: true }, { start: false, stop: true }])
    const call = await startedThenStopped(app)
    expect(app.seen.filter((e) => e.state === 'completed')).toHaveLength(1)
    expect(call.warnings.map((w) => w.replace(/^.*?: /, ''))).toEqual([
      expect.stringContaining('start is false (received false)'),
      expect.stringContaining('start is not true, so it stops the recording running.'),
    ])
  })

  it('strict fails it under its own rule; validate() names the rule, at warn by default', async () => {
    const app = recordingApp([{ start: true, stop: true }])
    const error = await failureOf(callTo(app, { platform: 'enablex', strict: true }).expectAction('accept').expectAction('connect').expectAction('recording'))
    expect(error.message).toContain('→ rule enablex/start-and-stop')
    expect(error.message).not.toContain('enablex/request-schema')
    expect(validate('enablex', 'recording', { start: true, stop: true })).toMatchObject({ ok: true, issues: [{ rule: 'enablex/start-and-stop', level: 'warn', evidence: 'inferred', path: '' }] })
    expect(validate('enablex', 'action', { action: 'recording', body: { start: true, stop: true } })).toMatchObject({ ok: true, issues: [{ rule: 'enablex/start-and-stop', path: 'body' }] })
    expect(validate('enablex', 'recording', { start: true, stop: true }, { strict: true }).ok).toBe(false)
  })
})

describe('a recording body refused names its field (audit-112 F6: "Invalid parameter: (body)")', () => {
  it.each([
    [{ start: true, recording_name: 5 }, 'recording_name', 'Invalid parameter: recording_name (Invalid input: expected string, received number 5)'],
    [{ start: 'yes' }, 'start', 'Invalid parameter: start (Invalid input: expected boolean, received string "yes")'],
  ])('%j', async (body, path, message) => {
    const result = await validate('enablex', 'recording', body)
    expect(result.issues).toEqual([expect.objectContaining({ path, rule: 'enablex/request-schema', level: 'error' })])
    expect(result.vendorError?.message).toBe(message)
  })

  it('a body with neither flag is still the body\'s problem', async () => {
    const result = await validate('enablex', 'recording', {})
    expect(result.vendorError?.message).toBe('Invalid parameter: (body) (a recording request holds start or stop (received {}))')
  })
})

/**
 * helper-127 finding 3: a stop naming its recording (`{"stop": true, "recording_name": "weekly"}`)
 * was refused HTTP 400 under the documented, fixed enablex/request-schema, though §2.8 types
 * recording_name optional and rules nothing out on a stop. It is the inferred rule
 * enablex/stop-recording-name: the recording stops, the name is ignored, with a warning.
 */
describe('a stop naming a recording_name (rule enablex/stop-recording-name, inferred)', () => {
  const NAME_TAG = '(rule enablex/stop-recording-name, inferred)'

  it('stops the recording running, answered 200, with a warning that says the name is ignored', async () => {
    const app = recordingApp([{ start: true, recording_name: 'weekly' }, { stop: true, recording_name: 'weekly' }])
    const call = await startedThenStopped(app)
    const answers = app.answers.filter((a) => a.path.endsWith('/recording'))
    expect(answers.map((a) => a.status)).toEqual([200, 200])
    expect(answers[1]!.body.recording_id).toBe(answers[0]!.body.recording_id)
    expect(app.seen.filter((e) => e.state === 'completed')).toHaveLength(1)
    expect(call.warnings).toHaveLength(1)
    expect(call.warnings[0]).toMatch(/^turn \d+: the app's recording request \(PUT \/voice\/v1\/call\/[^/]+\/recording\): /)
    expect(call.warnings[0]).toContain(
      `: recording_name is given on a stop (received "weekly"): callspec stops the recording running and ignores the name at recording_name; EnableX documents the stop body as {"stop": true}, not what a recording_name on it does ${NAME_TAG}`,
    )
  })

  it('strict refuses it under its own rule, never enablex/request-schema; validate() names the rule, at warn by default', async () => {
    const app = recordingApp([{ start: true }, { stop: true, recording_name: 'weekly' }])
    const error = await failureOf(
      callTo(app, { platform: 'enablex', strict: true }).expectAction('accept').expectAction('connect').expectAction('recording', { start: true }).expectAction('recording', { stop: true }),
    )
    expect(error.message).toMatch(
      /^\[callspec\] turn 5, expectAction\('recording', \{ stop: true \}\): callspec refused the app's recording request \(PUT \/voice\/v1\/call\/[^/]+\/recording\) by a rule it inferred, not one EnableX documents: enablex\/stop-recording-name, at error under strict: true \(rules: \{ 'enablex\/stop-recording-name': 'warn' \} warns instead, 'off' ignores it\):\n✖ recording_name is given on a stop \(received "weekly"\); EnableX documents the stop body as \{"stop": true\}, not what a recording_name on it does\n {2}→ at recording_name\n {2}→ rule enablex\/stop-recording-name \(inferred: /,
    )
    expect(error.message).not.toContain('enablex/request-schema')
    expect(app.answers.filter((a) => a.path.endsWith('/recording')).map((a) => a.status)).toEqual([200, 400])
    expect(RecordingRequestSchema.safeParse({ stop: true, recording_name: 'weekly' }).success).toBe(true)
    expect(validate('enablex', 'recording', { stop: true, recording_name: 'weekly' })).toMatchObject({
      ok: true,
      issues: [{ rule: 'enablex/stop-recording-name', level: 'warn', evidence: 'inferred', path: 'recording_name' }],
    })
    expect(validate('enablex', 'recording', { stop: true, recording_name: 'weekly' }, { strict: true }).vendorError?.message).toBe(
      'Invalid parameter: recording_name (recording_name is given on a stop (received "weekly"))',
    )
  })
})
