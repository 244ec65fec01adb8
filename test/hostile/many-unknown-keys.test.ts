/**
 * An answer with 100,000 keys the schema does not know (1.4 MB, well under maxBodyBytes): the
 * unknown-keys warning listed every key by name, with a did-you-mean for each, so a later
 * failure's message was 1,978,772 characters, two lines of 989,123 (the warning under "callspec
 * warned earlier", and again in the transcript), and validate() returned the same 1 MB message
 * (audit H7). The warning names the first keys and says how many more; a key's own name is
 * shortened as a value is, and a failure lists the first 20 issues of a payload, then how many more.
 */
import type http from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { eightByEightApp } from '../drivers/8x8/apps.js'

const KEYS = 100_000
/** An app on node:http answering ACCEPTED with `answer`, ANSWERED with HANGUP. */
const answering =
  (answer: string): http.RequestListener =>
  (req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      const event = (JSON.parse(body) as { event: string }).event
      res.setHeader('content-type', 'application/json')
      res.end(event === 'ACCEPTED' ? answer : event === 'ANSWERED' ? '{"action":"HANGUP"}' : '{}')
    })
  }
const longestLine = (message: string) => Math.max(...message.split('\n').map((l) => l.length))
const extra = (n: number) => Array.from({ length: n }, (_, i) => [`k${i}`, 1] as const)

describe('an answer with 100,000 unknown keys', () => {
  it('Webex Connect: a later failure stays readable (the warning names the first keys and counts the rest)', async () => {
    const answer = JSON.stringify(Object.fromEntries([['action', 'ANSWER'], ...extra(KEYS)]))
    const error = await failureOf(callTo(answering(answer), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY'))
    const lines = error.message.split('\n')
    expect(lines[0]).toContain('expected action PLAY, got HANGUP')
    expect(error.message).toContain('Unrecognized keys: "k0", "k1", "k2", "k3", "k4" and 99995 more')
    expect(error.message.length).toBeLessThan(50_000)
    expect(longestLine(error.message)).toBeLessThan(2_000)
  }, 20_000)

  it('Webex Connect: unknown keys 100,000 characters long are shortened in the warning (they made lines of 300,401)', async () => {
    const answer = JSON.stringify(Object.fromEntries([['action', 'ANSWER'], ...[0, 1, 2].map((i) => [`${'x'.repeat(100_000)}${i}`, 1])]))
    const error = await failureOf(callTo(answering(answer), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY'))
    expect(error.message).toContain(`Unrecognized keys: "${'x'.repeat(58)}…, "${'x'.repeat(58)}…, "${'x'.repeat(58)}… (received "${'x'.repeat(58)}…: 1, `)
    expect(longestLine(error.message)).toBeLessThan(2_000)
  })

  it('validate(): one warning, naming the first keys, each near a known one with its did-you-mean', () => {
    // "actoin", "acton": a did-you-mean each; the rest are counted.
    const payload = Object.fromEntries([['action', 'ANSWER'], ['actoin', 1], ['acton', 1], ...extra(KEYS)])
    const { ok, issues } = validate('webex-connect', 'action', payload)
    expect(ok).toBe(true)
    expect(issues).toHaveLength(1)
    expect(issues[0]!.message.length).toBeLessThan(1_000)
    expect(issues[0]!.message).toMatch(/^Unrecognized keys: "actoin", "acton", "k0", "k1", "k2" and 99997 more \(received /)
    expect(issues[0]!.hint).toBe('did you mean "action", "action"?')
  })

  it("8x8: a callflow with 4,000 wrong fields lists the first 20 issues and counts the rest (it was a 6 MB message)", async () => {
    const { listener } = eightByEightApp(() => ({ callflow: Array.from({ length: 2_000 }, () => ({ action: 'say', params: { text: 5 } })) }))
    const error = await failureOf(callTo(listener, { platform: '8x8', warnings: 'silent' }).expectAction('say'))
    expect(error.message.match(/^✖ /gm)).toHaveLength(20)
    expect(error.message).toContain('  → at callflow[9].params.voiceProfile\n  → rule 8x8/callflow-schema (8x8 docs: Send Callflow, -1009)\n… and 3980 more issues\n')
    expect((error as { issues?: unknown[] }).issues).toHaveLength(4_000)
    expect(error.message.length).toBeLessThan(10_000)
  })
})
