/**
 * audit h193: a newcomer's voicemail answered RECORD with `maxDuration: 60` (other platforms' name
 * for a recording's length) and was warned `Unrecognized key: "maxDuration"` with no word of the
 * one meant: the recording then ran to callspec's default length. The warning now names
 * `timeoutSeconds`. Over real HTTP, in memory, with an Express app.
 */
import express from 'express'
import { describe, expect, it, vi } from 'vitest'
import { callTo } from '../../../src/index.js'

function voicemail(record: Record<string, unknown>) {
  const app = express()
  app.use(express.json())
  app.post('/', (req, res) => {
    const { event } = req.body as { event: string }
    if (event === 'ACCEPTED') return void res.json({ action: 'ANSWER' })
    if (event === 'ANSWERED') return void res.json({ action: 'RECORD', audio: [{ type: 'TTS', text: 'Leave a message.' }], terminationDigit: '#', ...record })
    if (event === 'RECORDED') return void res.json({ action: 'HANGUP' })
    res.end()
  })
  return app
}

describe("a RECORD's length under another platform's name", () => {
  it.each(['maxDuration', 'maxLength'])('%s: the warning names timeoutSeconds', async (key) => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const call = await callTo(voicemail({ [key]: 60 }), { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('RECORD').pressDigits('#').expectAction('HANGUP')
    expect(call.warnings).toEqual([
      `turn 2: the app's answer to ANSWERED: Unrecognized key: "${key}" (received 60): ignored, as callspec assumes the vendor does with keys it does not know; hint: a RECORD's length limit is timeoutSeconds (integer seconds). (rule webex-connect/unknown-keys, inferred)`,
    ])
    vi.restoreAllMocks()
  })
})
