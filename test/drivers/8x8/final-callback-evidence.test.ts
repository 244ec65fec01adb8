/**
 * Audit F8: 8x8 documents "Respond HTTP 200" for the session summary (VSS) and call status (VCS)
 * callbacks; rule 8x8/final-callback-answered said "inferred: not documented (8x8 ignores the
 * answer…)". The requirement is the vendor's; only what 8x8 does with another answer is callspec's
 * inference, and the rule stays a warning by default (the session is over).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { callTo, drivers } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { eightByEightApp, hangup, say } from './apps.js'

const CALLER = '+6591178965'
const VN = '+6568332048'

/** An app whose session summary route answers 500. */
const failingVss = () => {
  const { listener } = eightByEightApp(() => ({ callflow: [say('Bye.'), hangup] }))
  return (req: IncomingMessage, res: ServerResponse) => (req.url === '/8x8/vss' ? void res.writeHead(500).end('oops') : listener(req, res))
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('8x8/final-callback-answered cites the documented "Respond HTTP 200"', () => {
  it('the rule is documented, at warn, and its source says which part is inferred', () => {
    const rule = drivers['8x8'].rules['8x8/final-callback-answered']
    expect(rule).toMatchObject({ evidence: 'doc', level: 'warn' })
    expect(rule.source).toContain('"Respond HTTP 200"')
    expect(rule.source).toContain('what 8x8 does with another answer is not documented')
    expect(rule.source).not.toMatch(/^inferred: not documented/)
  })

  it('a VSS answered 500: the call passes with a warning citing the documented answer, not tagged inferred', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const call = await callTo(failingVss(), { platform: '8x8' }).fromCaller(CALLER).toNumber(VN).expectAction('say').expectAction('hangup')
    expect(call.warnings).toEqual([
      'turn 2: the app answered SESSION_SUMMARY with HTTP 500, where 8x8 documents "Respond HTTP 200" (what 8x8 does with another answer is not documented: callspec infers it changes nothing, the session being over): the app did not take it (rule 8x8/final-callback-answered)',
    ])
  })

  it('under strict the call fails citing the docs, without claiming the consequence', async () => {
    const error = await failureOf(callTo(failingVss(), { platform: '8x8', strict: true }).fromCaller(CALLER).toNumber(VN).expectAction('say').expectAction('hangup'))
    expect(error.message).toContain('the app answered SESSION_SUMMARY with HTTP 500, where 8x8 documents "Respond HTTP 200"')
    expect(error.message).toContain('\nRule 8x8/final-callback-answered: 8x8 docs: session summary (VSS) and call status (VCS) callbacks, "Respond HTTP 200"')
    expect(error.message).not.toContain('8x8 ignores the answer')
  })
})
