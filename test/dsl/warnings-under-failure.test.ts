/**
 * The warnings listed under a failure: those of the failing turn and before as a possible cause,
 * those after it (the platform went on: 8x8's session summary) apart. Audit helper-68: a turn-1
 * failure listed a turn-2 warning under "callspec warned earlier in this call (a cause, perhaps)".
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

/**
 * Answers 8x8's first webhook with a callflow 8x8 refuses (a say with no params), and its session
 * summary with a 404. An 8x8 app's own mistake: a Webex Connect action there would make the
 * failure about the platform chosen, whose consequences it leaves out (wrong-platform-first.test.ts).
 */
function refusedCallflowApp(req: IncomingMessage, res: ServerResponse): void {
  let body = ''
  req.on('data', (chunk) => (body += chunk))
  req.on('end', () => {
    if (body.includes('SESSION_SUMMARY')) {
      res.statusCode = 404
      return void res.end('not found')
    }
    res.setHeader('content-type', 'application/json')
    res.end('{"callflow":[{"action":"say"}]}')
  })
}

it("lists a warning of a later turn apart, not as the failure's possible cause", async () => {
  const error = await failureOf(callTo(refusedCallflowApp, { platform: '8x8', transport: 'tcp', warnings: 'silent' }).expectAction('say'))
  const lines = error.message.split('\n')
  expect(lines[0]).toMatch(/^\[callspec\] turn 1, expectAction\('say'\): /)
  expect(lines).not.toContain('callspec warned earlier in this call (a cause, perhaps):')
  const after = lines.indexOf('callspec warned after turn 1 too:')
  expect(after).toBeGreaterThan(0)
  // 8x8 documents "Respond HTTP 200" (audit F8): the warning says so first.
  expect(lines[after + 1]).toMatch(/^ {2}⚠ turn 2: the app answered SESSION_SUMMARY with HTTP 404, where 8x8 documents "Respond HTTP 200"/)
})

/** 8x8: CALL_RECEIVED answered with `empties` empty says (each a warning, 8x8/empty-text) and a menu. */
function menuAfterEmptySays(empties: number) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      res.setHeader('content-type', 'application/json')
      const say = { action: 'say', params: { text: '', voiceProfile: 'en-US-ZiraRUS' } }
      const menu = { action: 'sayAndCapture', params: { promptMessage: 'Press 1.', voiceProfile: 'en-US-ZiraRUS', maxDigits: 1 } }
      res.end(JSON.stringify({ callflow: body.includes('CALL_RECEIVED') ? [...Array(empties).fill(say), menu] : [{ action: 'hangup' }] }))
    })
  }
}

describe('a failing call prints no warning its failure lists (helper-125: one warning, three copies)', () => {
  afterEach(() => vi.restoreAllMocks())

  it('prints nothing beside a failure that lists every warning', async () => {
    const printed = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const error = await failureOf(callTo(menuAfterEmptySays(1), { platform: '8x8' }).expectAction('hangup'))
    const lines = error.message.split('\n')
    const earlier = lines.indexOf('callspec warned earlier in this call (a cause, perhaps):')
    expect(lines[earlier + 1]).toMatch(/^ {2}⚠ turn 1: .*text is empty.*\(rule 8x8\/empty-text, inferred\)$/)
    expect(printed).not.toHaveBeenCalled()
  })

  it('prints them all beside a failure that lists only some', async () => {
    const printed = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const error = await failureOf(callTo(menuAfterEmptySays(4), { platform: '8x8' }).expectAction('hangup'))
    expect(error.message).toContain('  … and 1 more (call.warnings has them all)')
    expect(printed).toHaveBeenCalledTimes(1)
    const [block] = printed.mock.calls[0] as [string]
    expect(block.split('\n')[0]).toMatch(/^\[callspec\] 4 warnings in an 8x8 call \(inbound .*, seed \d+\):$/)
    for (const i of [0, 1, 2, 3]) expect(block).toContain(`at callflow[${i}].params.text`)
  })
})
