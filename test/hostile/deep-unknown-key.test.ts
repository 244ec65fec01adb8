/**
 * An unknown key whose value nests thousands deep (an app's debug dump, say): unknown keys are a
 * warning by default, dropped as the vendor would drop them and the rest checked again. Dropping
 * them once deep-cloned the whole payload, which overflowed the stack from ~2,000 deep: the call
 * failed as "a stack overflow … please report it", quoting neither request nor answer, and
 * validate() called it a callspec bug. Any depth the JSON parser accepts is fine now.
 */
import type http from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../src/index.js'

const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
const unknownKey =
  'Unrecognized key: "debug" (received {"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{…}}}}}…): ignored, as callspec assumes the vendor does with keys it does not know'

describe.each([3_000, 100_000])('an unknown key nested %i deep', (depth) => {
  const debug = nested(depth)

  it('Webex Connect, over HTTP: a warning on each turn, and the call goes on', async () => {
    const app: http.RequestListener = (req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString()))
      req.on('end', () => {
        const event = (JSON.parse(body) as { event: string }).event
        res.setHeader('content-type', 'application/json')
        res.end(`{"action":"${event === 'ACCEPTED' ? 'ANSWER' : 'HANGUP'}","debug":${debug}}`)
      })
    }
    const call = await callTo(app, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectHangup()
    expect(call.warnings).toHaveLength(2)
    for (const warning of call.warnings) expect(warning).toContain(unknownKey)
  })

  it("validate(): ok, with the unknown key's warning (Webex Connect; 8x8, inside a callflow action)", () => {
    const webex = validate('webex-connect', 'action', JSON.parse(`{"action":"ANSWER","debug":${debug}}`) as unknown)
    expect(webex).toEqual({ ok: true, issues: [expect.objectContaining({ path: '', message: unknownKey, level: 'warn' })] })
    const callflow = `{"callflow":[{"action":"makeCall","params":{"source":"6512341234","destination":"6512345678"}},{"action":"hangup","params":{},"debug":${debug}}]}`
    const payload = JSON.parse(callflow) as { callflow: Array<Record<string, unknown>> }
    const eight = validate('8x8', 'callflow', payload)
    expect(eight).toEqual({ ok: true, issues: [expect.objectContaining({ path: 'callflow[1]', message: unknownKey, level: 'warn' })] })
    // Only copies were changed: the payload validate() was given still holds its key.
    expect(payload.callflow[1]!.debug).toBeTypeOf('object')
  })
})
