import { describe, expect, it } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { callTo, validate } from '../../../src/index.js'
import { enablexApp } from './apps.js'

/**
 * EnableX's transfer reference shows `{"from": "CLI number", "transfer_to": "Terminating number"}`
 * and marks neither field required (connect's table and forward's text do, for theirs). A transfer
 * without `from` was refused 400 "Mandatory parameter missing: from" under the documented
 * enablex/request-schema, failing the call as if EnableX required it. Now it is transferred,
 * presenting the CLI of the bridge's connect, with a warning under the inferred rule
 * enablex/transfer-from.
 */

const CONNECT_FROM = '14155550199'

/** An inbound call bridged to an agent, then transferred to a supervisor with `transfer`'s body. */
const transferApp = (transfer: object) =>
  enablexApp(async (event, api) => {
    const id = event.voice_id
    if (event.state === 'incomingcall') return api.call('PUT', `/call/${id}/accept`)
    if (event.state === 'connected') return api.call('PUT', `/call/${id}/connect`, { from: CONNECT_FROM, to: '14155550142' })
    if (event.state === 'bridged') return api.call('PUT', `/call/${id}/transfer`, transfer)
    if (event.state === 'transfer' && event.status === 'success') return api.call('DELETE', `/call/${id}`)
  })

const transferred = (app: ReturnType<typeof transferApp>, options: object = {}) =>
  callTo(app, { platform: 'enablex', warnings: 'silent', ...options })
    .expectAction('accept')
    .expectAction('connect')
    .expectAction('transfer', { transfer_to: '14155550177' })
    .expectAction('hangup')

describe('a transfer without from (rule enablex/transfer-from, inferred)', () => {
  it("passes with a warning: the new party is presented the connect's from", async () => {
    const app = transferApp({ transfer_to: '14155550177' })
    const call = await transferred(app)
    expect(call.warnings).toHaveLength(1)
    expect(call.warnings[0]).toMatch(/^turn \d+: the app's transfer request \(PUT \/voice\/v1\/call\/[^/]+\/transfer\): /)
    expect(call.warnings[0]).toContain(
      "from is missing: callspec presents the from of the bridge's connect to the new party at from; EnableX's transfer reference shows from (the CLI the new party sees) beside transfer_to, and does not say it is required (rule enablex/transfer-from, inferred)",
    )
    expect(app.answers.find((a) => a.path.endsWith('/transfer'))).toMatchObject({ status: 200, body: { from: CONNECT_FROM, to: '14155550177', status: 'initiated' } })
    expect(app.seen.filter((e) => e.state === 'transfer').map((e) => [e.status, e.from])).toEqual([
      ['initiated', CONNECT_FROM],
      ['success', CONNECT_FROM],
    ])
  })

  it('with from, runs as before with no warning', async () => {
    const app = transferApp({ from: '14155550100', transfer_to: '14155550177' })
    expect((await transferred(app)).warnings).toEqual([])
  })

  it("strict refuses it 400, said as callspec's rule; validate() warns", async () => {
    const app = transferApp({ transfer_to: '14155550177' })
    const error = await failureOf(callTo(app, { platform: 'enablex', strict: true }).expectAction('accept').expectAction('connect').expectAction('transfer'))
    expect(error.message).toContain("callspec refused the app's transfer request (PUT ")
    expect(error.message).toContain('by a rule it inferred, not one EnableX documents: enablex/transfer-from, at error under strict: true')
    expect(app.answers.find((a) => a.path.endsWith('/transfer'))).toMatchObject({ status: 400, body: { msg: 'Mandatory parameter missing: from' } })
    const checked = validate('enablex', 'transfer', { transfer_to: '14155550177' })
    expect(checked.ok).toBe(true)
    expect(checked.issues).toEqual([expect.objectContaining({ path: 'from', rule: 'enablex/transfer-from', level: 'warn', evidence: 'inferred' })])
  })
})
