/**
 * audit h131 finding 02: with completeOnHash true, entry ended at maxDigits, so `123#` against
 * maxDigits 2 was reported as a valid "12" and the 3 and # were ignored. The vendor contrasts
 * "true: `#` ends entry and triggers validation" with "false: entry ends when `maxDigits` reached",
 * and plays failureMessage on "digit count out of range": with completeOnHash true, callspec now
 * collects until `#` or a timeout, then checks the count against [minDigits, maxDigits]. Over HTTP.
 */
import { describe, expect, it } from 'vitest'
import { callTo, type CallResult } from '../../../src/index.js'
import { capture, eightByEightApp, hangup, say } from './apps.js'

const PROMPT = 'Enter your two digit code, then press hash'
const FAILURE = 'Invalid input received.'

/** An inbound call asked for a code with `params`; the digits (or null) are said back, then hangup. */
function codeApp(params: object) {
  return eightByEightApp((p) =>
    p.callStatus === 'CALL_RECEIVED'
      ? { clientActionId: 'menu', callflow: [capture(PROMPT, { failureMessage: FAILURE, minDigits: 2, maxDigits: 2, ...params })] }
      : { callflow: [say(`Code ${p.eventData?.dtmf}`), hangup] },
  )
}
const inbound = (app: ReturnType<typeof codeApp>) => callTo(app.listener, { platform: '8x8' }).fromCaller('+6591178965').toNumber('+6568332048')
const dtmfOf = (app: ReturnType<typeof codeApp>) => app.received.filter((r) => r.body.eventType === 'CALL_ACTION')[1]?.body.payload.eventData
const notes = (call: CallResult) => call.transcript.entries.flatMap((e) => (e.kind === 'note' ? [e.text] : []))

describe('sayAndCapture with completeOnHash true: # ends entry, then the count is checked', () => {
  it('123# against maxDigits 2 is out of range: failureMessage, and dtmf null after the only try', async () => {
    const app = codeApp({ completeOnHash: true, noOfTries: 1 })
    const call = await inbound(app).expectAction('sayAndCapture').pressDigits('123#').expectAction('say', { params: { text: 'Code null' } }).expectAction('hangup')
    expect(call.prompts).toEqual([PROMPT, FAILURE, 'Code null'])
    expect(dtmfOf(app)).toEqual({ dtmf: null })
    expect(notes(call)).toContain('invalid input "123" (try 1 of 1)')
    expect(notes(call).filter((n) => n.includes('ignored'))).toEqual([])
  })

  it('an entry out of range is a failed try: the prompt plays again and the next entry counts', async () => {
    const app = codeApp({ noOfTries: 2 })
    const call = await inbound(app).expectAction('sayAndCapture').pressDigits('123#').pressDigits('45#').expectAction('say', { params: { text: 'Code 45' } }).expectAction('hangup')
    expect(call.prompts).toEqual([PROMPT, FAILURE, PROMPT, 'Code 45'])
    expect(dtmfOf(app)).toEqual({ dtmf: '45' })
  })

  it('two keys without # end at the digit timeout, not at once', async () => {
    const app = codeApp({ digitTimeout: 3000, overallTimeout: 10000 })
    const call = await inbound(app).expectAction('sayAndCapture').pressDigits('12').staySilent().expectAction('say', { params: { text: 'Code 12' } })
    const vca = call.transcript.entries.filter((e) => e.kind === 'event')[1]!
    // The caller's entry is at the first key; the second is 300 ms later (pressDigits' gap).
    const lastKey = call.transcript.entries.find((e) => e.kind === 'caller')!.at + 300
    expect(vca.at - lastKey).toBe(3000)
    expect(dtmfOf(app)).toEqual({ dtmf: '12' })
  })

  it("the vendor's sample (2 and 2, both timeouts 10 s): two keys without # end at the overall timeout", async () => {
    const app = codeApp({ digitTimeout: 10000, overallTimeout: 10000, noOfTries: 3 })
    const call = await inbound(app).expectAction('sayAndCapture').pressDigits('12').staySilent().expectAction('say', { params: { text: 'Code 12' } })
    const vca = call.transcript.entries.filter((e) => e.kind === 'event')[1]!
    // The first key comes 300 ms after the prompt's end, from which the overall timeout counts.
    const promptEnd = call.transcript.entries.find((e) => e.kind === 'caller')!.at - 300
    expect(vca.at - promptEnd).toBe(10_000)
  })

  it('completeOnHash false still ends entry when maxDigits are in', async () => {
    const app = codeApp({ completeOnHash: false })
    const call = await inbound(app).expectAction('sayAndCapture').pressDigits('12').expectAction('say', { params: { text: 'Code 12' } })
    const vca = call.transcript.entries.filter((e) => e.kind === 'event')[1]!
    expect(vca.at).toBe(call.transcript.entries.find((e) => e.kind === 'caller')!.at + 300)
  })
})
