/**
 * Audit h192: a script or a make-call request that sent null for an optional field (a SAY's
 * `loop: null`, a make-call's `session_data: null`: what Python's dataclasses.asdict, C# and
 * Java serialisers, or `{ x: maybe ?? null }` send) failed the call under the documented
 * voxology/action-schema or voxology/make-call-schema, though Voxology does not say what it does
 * with null. Now rule voxology/null-optional, inferred: the field is read as absent, with a
 * warning; under strict, a failure said as callspec's rule. A required field sent as null is still
 * missing, a failure.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'

const TAG = '(rule voxology/null-optional, inferred)'
const dial = { call: { no: '+17145551212', caller_id_no: '+19495551212' }, session_data: null, timeout: 30 }
const say = { type: 'SAY', params: { text: 'Reminder.', loop: null } }

/** Places a call with `body`, and answers its callbacks with `script`. */
function remindApp(body: object, script: object[]) {
  const app = express()
  app.use(express.json())
  app.post('/remind', async (_req, res) => {
    const r = await fetch('https://api.voxolo.gy/v1/Dials/Connect', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body: JSON.stringify(body) })
    res.status(r.status).end()
  })
  app.post('/', (req, res) => (req.body.status === 'live-in-progress' ? res.json({ actions: script }) : res.end()))
  return app
}

const flow = (body: object, script: object[], options: object = {}) =>
  callTo(remindApp(body, script), { platform: 'voxology', warnings: 'silent', ...options })
    .startedBy((a) => a.fetch('/remind', { method: 'POST', body: {} }))
    .toNumber('+17145551212')
    .expectAction('SAY')

describe('null in an optional field (rule voxology/null-optional, inferred)', () => {
  it("of the make-call request and of an action: read as absent, the call runs, with the rule's warnings", async () => {
    const call = await flow(dial, [say, { type: 'HANGUP' }]).expectHangup()
    expect(call).toHavePlayed('Reminder.')
    expect(call.warnings).toEqual([
      `the app's make-call request: null in an optional field typed object: the docs do not say what the platform does with null; callspec reads the field as absent at session_data ${TAG}`,
      `turn 1: the app's answer to the init_call callback: null in an optional field typed number: the docs do not say what the platform does with null; callspec reads the field as absent at actions[0].params.loop ${TAG}`,
    ])
  })

  it("under strict, fails as callspec's rule, not Voxology's schema", async () => {
    const refused = await failureOf(flow(dial, [say, { type: 'HANGUP' }], { strict: true }))
    expect(refused.message).toMatch(/callspec refused the app's make-call request by a rule it inferred, not one Voxology documents: voxology\/null-optional/)
    const failed = await failureOf(flow({ ...dial, session_data: undefined }, [say, { type: 'HANGUP' }], { strict: true }))
    expect(failed.message).toContain('by a rule it inferred, not one Voxology documents: voxology/null-optional')
    expect(failed.message).toContain('null in an optional field typed number: the docs do not say what the platform does with null\n')
    expect(failed.message).not.toContain('voxology/action-schema')
  })

  it('validate() gives the verdict a call does; a required field sent as null is still missing', () => {
    expect(validate('voxology', 'action', say)).toMatchObject({ ok: true, issues: [{ path: 'params.loop', rule: 'voxology/null-optional', level: 'warn', evidence: 'inferred' }] })
    expect(validate('voxology', 'action', say, { strict: true })).toMatchObject({ ok: false, issues: [{ path: 'params.loop', rule: 'voxology/null-optional', level: 'error' }] })
    expect(validate('voxology', 'make-call', dial)).toMatchObject({ ok: true, issues: [{ path: 'session_data', rule: 'voxology/null-optional', level: 'warn' }] })
    expect(validate('voxology', 'action', { type: 'SAY', params: { text: null } })).toMatchObject({ ok: false, issues: [{ path: 'params.text', rule: 'voxology/action-schema', level: 'error' }] })
  })
})
