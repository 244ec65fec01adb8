/**
 * Voxology publishes no numeric limits: a COLLECT num_digits or a SAY loop under 1 is not failed
 * as if documented. Audit h172 F7: `num_digits: 0` (an account number of any length, ended by
 * pound) failed "Too small: expected number to be >=1 (received 0) → rule voxology/action-schema
 * (Voxology docs and tutorials: Call Flow Actions)", and the rule could not be set to 'warn'. Now
 * it is rule voxology/action-bounds, inferred: a warning, and the COLLECT has no digit limit.
 */
import express from 'express'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'

afterEach(() => {
  vi.restoreAllMocks()
})

const TAG = '(rule voxology/action-bounds, inferred)'

/** Inbound: an account number of any length, ended by pound (num_digits 0), read back; the greeting's loop as given. */
function accountApp(loop: number) {
  const app = express()
  app.use(express.json())
  app.post('/voxology', (req, res) => {
    const body = req.body as { type?: string; status?: string; key_presses?: Array<{ digits: string }> }
    if (body.type === 'init_call') {
      return res.json({
        actions: [
          { type: 'SAY', params: { text: 'Welcome.', loop } },
          { type: 'COLLECT', name: 'account', actions: [{ type: 'SAY', params: { text: 'Enter your account number, then press pound.' } }], params: { num_digits: 0, finish_on_key: 'pound', timeout: 5000 } },
          { type: 'REDIRECT', params: { url: 'https://ivr.example.com/voxology', method: 'POST' } },
        ],
      })
    }
    if (body.status === 'live-in-progress') return res.json({ actions: [{ type: 'SAY', params: { text: `Account ${body.key_presses?.[0]?.digits}` } }, { type: 'HANGUP' }] })
    res.sendStatus(200)
  })
  return app
}

describe('COLLECT num_digits 0 and SAY loop 0 (rule voxology/action-bounds, inferred)', () => {
  it('warns and runs: the COLLECT has no digit limit (pound ends it), the SAY speaks once', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const call = await callTo(accountApp(0), { platform: 'voxology', webhookPath: '/voxology' })
      .fromCaller('+14155550100')
      .toNumber('+17145550199')
      .expectAction('SAY')
      .expectAction('COLLECT')
      .pressDigits('987654#')
      .expectAction('REDIRECT')
      .expectAction('SAY', { params: { text: 'Account 987654' } })
      .expectHangup()
    expect(call.prompts.filter((p) => p === 'Welcome.')).toHaveLength(1)
    expect(call.warnings).toEqual([
      "turn 1: the app's answer to the init_call callback: SAY loop 0 is under 1: the docs show loop as an integer of at least 1 (examples use 1) and do not say what 0 does, so callspec speaks the text once, as with no loop at actions[0].params.loop; " +
        `write loop: 1 or more, or leave it out ${TAG}`,
      "turn 1: the app's answer to the init_call callback: COLLECT num_digits 0 is under 1: the docs show num_digits as an integer of at least 1 and do not say what 0 does, so callspec sets no digit limit, as with no num_digits: its finish_on_key or its timeout ends the COLLECT at actions[1].params.num_digits; " +
        `write the most digits to collect, or leave num_digits out ${TAG}`,
    ])
  })

  it("fails under strict, led by the inference, not Voxology's docs", async () => {
    const error = await failureOf(callTo(accountApp(1), { platform: 'voxology', webhookPath: '/voxology', strict: true }).expectAction('SAY'))
    expect(error.message).toContain('by a rule it inferred, not one Voxology documents: voxology/action-bounds')
    expect(error.message).toContain('COLLECT num_digits 0 is under 1')
    expect(error.message).not.toContain('Voxology docs and tutorials')
  })

  it('a num_digits that is not an integer still fails under the documented schema', async () => {
    const app = express()
    app.use(express.json())
    app.post('/', (_req, res) => res.json({ actions: [{ type: 'COLLECT', params: { num_digits: 'two' } }] }))
    const error = await failureOf(callTo(app, { platform: 'voxology' }).expectAction('COLLECT'))
    expect(error.message).toContain('rule voxology/action-schema')
  })
})
