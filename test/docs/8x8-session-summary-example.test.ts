/**
 * audit h193: docs/platforms/8x8.md showed a VCA body but no session summary (VSS), so a newcomer
 * writing a summary handler guessed its fields (`payload.status`, not `sessionStatus`). The page now
 * shows one, from the first test's app when the caller presses 2; this test runs that app and
 * checks that every field the example shows (all but the "…" ids) is what callspec sends, so the
 * example cannot drift from the simulation. Over real HTTP, in memory, with Express.
 */
import { readFileSync } from 'node:fs'
import express from 'express'
import { expect, it } from 'vitest'
import { callTo } from '../../src/index.js'

/** The json block that follows the page's "The session summary (VSS) of …" sentence. */
function example(): unknown {
  const page = readFileSync(new URL('../../docs/platforms/8x8.md', import.meta.url), 'utf8')
  const after = page.split('The session summary (VSS) of')[1]
  const block = after && /```json\n([\s\S]*?)```/.exec(after)
  if (!block) throw new Error('docs/platforms/8x8.md shows no session summary example')
  return JSON.parse(block[1]!)
}

/** The example without its elided ids ("…"): what the body must hold as shown. */
function shown(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shown)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== '…').map(([k, v]) => [k, shown(v)]))
}

// The page's first test's app, as written there.
const voice = { voiceProfile: 'en-US-ZiraRUS' }
const say = (text: string) => ({ action: 'say', params: { text, ...voice } })
const app = express()
app.use(express.json())
app.post('/8x8/vca', (req, res) => {
  const { callStatus, clientActionId, eventData } = req.body.payload
  if (callStatus === 'CALL_RECEIVED') {
    const prompt = 'Press 1 for sales, 2 for support.'
    const capture = { promptMessage: prompt, ...voice, minDigits: 1, maxDigits: 1, completeOnHash: false, overallTimeout: 10000, noOfTries: 1 }
    return res.json({ clientActionId: 'menu', callflow: [{ action: 'sayAndCapture', params: capture }] })
  }
  if (clientActionId === 'menu' && eventData?.dtmf === '1') {
    return res.json({ callflow: [say('Connecting you to sales.'), { action: 'makeCall', params: { source: '+14155550199', destination: '+14155550142' } }] })
  }
  res.json({ callflow: [say('Support is closed today. Goodbye.'), { action: 'hangup' }] })
})
app.post('/8x8/vss', (_req, res) => res.end())

it("the page's session summary example is what callspec sends for that call", async () => {
  const call = await callTo(app, { platform: '8x8' }).expectAction('sayAndCapture').pressDigits('2').expectAction('say').expectAction('hangup').expectHangup()
  expect(call.webhooks.at(-1)!.body).toMatchObject(shown(example()) as object)
})
