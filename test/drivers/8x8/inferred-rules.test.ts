import { describe, expect, it } from 'vitest'
import { callTo, drivers, validate } from '../../../src/index.js'
import { defaultLevel } from '../../../src/validation/rules.js'
import { failureOf } from '../../helpers/failure-of.js'
import { capture, eightByEightApp, hangup, makeCall, say, type ServedFile } from './apps.js'

/**
 * Checks callspec inferred where the 8x8 docs are silent (shared/vendors/8x8.md): each warns by
 * default and the session goes on, and fails with its tagged message under `strict: true`. End to
 * end, over HTTP, against an in-process app.
 */
const CALLER = '+6591178965'
const VN = '+6568332048'

/** An app that answers CALL_RECEIVED with `first`, and any later VCA with a hangup. */
function answering(first: object, files: Record<string, ServedFile> = {}) {
  return eightByEightApp((p) => (p.callStatus === 'CALL_RECEIVED' ? first : { callflow: [hangup] }), files)
}
const inbound = (listener: ReturnType<typeof answering>['listener'], options: { strict?: boolean } = {}) =>
  callTo(listener, { platform: '8x8', warnings: 'silent', ...options }).fromCaller(CALLER).toNumber(VN)
/** How a failure says the session ended with -2006 on callspec's inference (rule 8x8/file-type, inferred), not as 8x8's documented answer. */
const STRICT_2006 =
  ", so the session ends with ERROR -2006 (Unable to download file for playback), callspec's inference (8x8 documents mp3 or wav files and -2006 for a failed download, not how it tells a file's format)"
const summaryOf = (received: ReturnType<typeof answering>['received']) => received.find((r) => r.body.eventType === 'SESSION_SUMMARY')?.body.payload

describe('an empty TTS text (8x8/empty-text): 8x8 sets a maximum length, not a minimum', () => {
  const answer = { callflow: [say(''), say('Goodbye.'), hangup] }
  const tag = 'rule 8x8/empty-text'
  const source = 'inferred: 8x8 sets a 3000-character maximum on TTS texts, and no minimum'
  // Under strict too the issue leads with the inference, then the code callspec answers.
  const said = 'text is empty: 8x8 documents no minimum length, so callspec plays nothing for it (at error, callspec answers -1009 Invalid call flow entry provided. $.callflow[0].params.text: must be at least 1 characters long instead)'

  it('warns by default: the empty say says nothing, and the callflow goes on', async () => {
    const call = await inbound(answering(answer).listener).expectAction('say').expectAction('say').expectAction('hangup')
    // The warning leads with the inference, then the code a strict run answers (audit-94 F8).
    expect(call.warnings).toEqual([
      "turn 1: the app's answer to CALL_ACTION: text is empty: 8x8 documents no minimum length, so callspec plays nothing for it " +
        `(a strict run answers -1009 Invalid call flow entry provided. $.callflow[0].params.text: must be at least 1 characters long) at callflow[0].params.text (${tag}, inferred)`,
    ])
    expect(call.prompts).toEqual(['Goodbye.'])
  })

  it('fails under strict, ending the session with -2003, with the tagged message', async () => {
    const { listener, received } = answering(answer)
    await expect(inbound(listener, { strict: true }).expectAction('say')).rejects.toThrow(`✖ ${said}\n  → at callflow[0].params.text\n  → ${tag} (${source})`)
    expect(summaryOf(received)).toMatchObject({ sessionStatus: 'ERROR', errorDetails: { errorCode: -2003 } })
  })
})

describe("sayAndCapture's repetition above 3 (8x8/capture-repetition): only in the samples, not the schema", () => {
  const answer = { callflow: [capture('Press 1', { repetition: 4, maxDigits: 1 })] }
  const tag = "rule 8x8/capture-repetition"
  const source = 'inferred: sayAndCapture\'s repetition is in 8x8\'s samples, not its schema; callspec applies say\'s documented 1-3'

  it('warns by default, and the capture runs', async () => {
    const { listener, received } = answering(answer)
    const call = await inbound(listener).expectAction('sayAndCapture').pressDigits('1').expectAction('hangup')
    expect(call.warnings).toEqual([expect.stringContaining(`at callflow[0].params.repetition (${tag}, inferred)`)])
    expect(received.filter((r) => r.body.eventType === 'CALL_ACTION').at(-1)!.body.payload.eventData).toEqual({ dtmf: '1' })
  })

  it('fails under strict, with the tagged message', async () => {
    await expect(inbound(answering(answer).listener, { strict: true }).expectAction('sayAndCapture')).rejects.toThrow(
      `✖ sayAndCapture's repetition 4 is outside say's documented 1-3: 8x8 shows it in its samples, not its schema; callspec plays the prompt as often as asked, at least once (at error, callspec answers -1009 Invalid call flow entry provided. $.callflow[0].params.repetition: must have a maximum value of 3 instead)\n  → at callflow[0].params.repetition\n  → ${tag} (${source})`,
    )
  })
})

describe("sayAndCapture's repetition that is no integer (8x8/capture-repetition): the samples' type, not the schema's", () => {
  const tag = 'rule 8x8/capture-repetition'

  it('1.5 warns by default, the prompt plays once, and the capture runs (it was -1009 under the documented 8x8/callflow-schema)', async () => {
    const { listener, received } = answering({ callflow: [capture('Press 1', { repetition: 1.5, maxDigits: 1 })] })
    const call = await inbound(listener).expectAction('sayAndCapture').pressDigits('1').expectAction('hangup')
    expect(call.warnings).toEqual([
      "turn 1: the app's answer to CALL_ACTION: sayAndCapture's repetition 1.5 is not an integer: 8x8 shows it in its samples (as one), not its schema; callspec plays the prompt once " +
        `(a strict run answers -1009 Invalid call flow entry provided. $.callflow[0].params.repetition: number found, integer expected) at callflow[0].params.repetition (${tag}, inferred)`,
    ])
    expect(call.prompts).toEqual(['Press 1'])
    expect(received.filter((r) => r.body.eventType === 'CALL_ACTION').at(-1)!.body.payload.eventData).toEqual({ dtmf: '1' })
  })

  it('"2" warns the same way, and strict ends the session with -2003, led by the inference', async () => {
    const answer = { callflow: [capture('Press 1', { repetition: '2', maxDigits: 1 })] }
    const call = await inbound(answering(answer).listener).expectAction('sayAndCapture').pressDigits('1').expectAction('hangup')
    expect(call.warnings).toEqual([expect.stringContaining(`sayAndCapture's repetition "2" is not an integer`)])
    const { listener, received } = answering(answer)
    await expect(inbound(listener, { strict: true }).expectAction('sayAndCapture')).rejects.toThrow(
      `$.callflow[0].params.repetition: string found, integer expected instead)\n  → at callflow[0].params.repetition\n  → ${tag} (inferred:`,
    )
    expect(summaryOf(received)).toMatchObject({ sessionStatus: 'ERROR', errorDetails: { errorCode: -2003 } })
  })
})

describe('a sayAndCapture maxDigits below its minDigits (8x8/max-digits-below-min): 8x8 documents -1003 for a missing maxDigits only', () => {
  const answer = { callflow: [capture('Enter your PIN', { minDigits: 4, maxDigits: 2 })] }
  const tag = 'rule 8x8/max-digits-below-min'
  const source = 'inferred: 8x8 documents -1003 when minDigits comes without maxDigits, not what a maxDigits below minDigits does'
  const said =
    'maxDigits 2 is below minDigits 4: 8x8 documents -1003 for a minDigits without maxDigits, and refusing a smaller maxDigits is callspec\'s reading; callspec takes 2 digits as enough'

  it('warns by default: the capture takes maxDigits digits as enough, and reports them', async () => {
    const { listener, received } = answering(answer)
    const call = await inbound(listener).expectAction('sayAndCapture').pressDigits('12').expectAction('hangup')
    // The warning leads with the inference, then the code a strict run answers (audit-94 F8).
    expect(call.warnings).toEqual([
      "turn 1: the app's answer to CALL_ACTION: maxDigits 2 is below minDigits 4: 8x8 documents -1003 for a minDigits without maxDigits, and refusing a smaller maxDigits is callspec's reading; " +
        `callspec takes 2 digits as enough (a strict run answers -1003 Valid maxDigits required when minDigits provided) at callflow[0].params.maxDigits (${tag}, inferred)`,
    ])
    expect(received.filter((r) => r.body.eventType === 'CALL_ACTION').at(-1)!.body.payload.eventData).toEqual({ dtmf: '12' })
  })

  it('fails under strict with the -1003 as callspec\'s reading, ending the session with -2003', async () => {
    const { listener, received } = answering(answer)
    await expect(inbound(listener, { strict: true }).expectAction('sayAndCapture')).rejects.toThrow(
      "the session ends with ERROR -2003 (The call flow provided is invalid), callspec's inference (8x8 does not document what it does with an answer it cannot run):\n" +
        `✖ ${said} (at error, callspec answers -1003 Valid maxDigits required when minDigits provided instead)\n  → at callflow[0].params.maxDigits\n  → ${tag} (${source})\ncallspec's answer, in 8x8's terms: -1003 Valid maxDigits required when minDigits provided`,
    )
    expect(summaryOf(received)).toMatchObject({ sessionStatus: 'ERROR', errorDetails: { errorCode: -2003 } })
  })

  it('validate() agrees: the inferred rule at warn, the -1003 under strict; a minDigits with no maxDigits stays the documented error', () => {
    const action = capture('PIN?', { minDigits: 4, maxDigits: 2 })
    expect(validate('8x8', 'action', action)).toEqual({
      ok: true,
      issues: [expect.objectContaining({ path: 'params.maxDigits', rule: '8x8/max-digits-below-min', level: 'warn', evidence: 'inferred' })],
    })
    expect(validate('8x8', 'action', action, { strict: true })).toMatchObject({ ok: false, vendorError: { status: 422, code: -1003, message: 'Valid maxDigits required when minDigits provided' } })
    expect(validate('8x8', 'action', action, { rules: { '8x8/max-digits-below-min': 'error' } })).toMatchObject({ ok: false, issues: [{ rule: '8x8/max-digits-below-min', level: 'error', evidence: 'inferred' }] })
    expect(validate('8x8', 'action', capture('PIN?', { minDigits: 4 }))).toMatchObject({
      ok: false,
      issues: [{ rule: '8x8/min-digits-needs-max', level: 'error', evidence: 'doc' }],
      vendorError: { code: -1003 },
    })
  })
})

describe('a playFile served as a generic type with no WAV or ID3 header (8x8/file-type): callspec cannot tell an untagged mp3', () => {
  const url = 'http://app.callspec.local/audio/hold.mp3'
  // An mp3 without an ID3 tag: it starts with an MPEG frame header, which reaches callspec as text it cannot recognise.
  const files = { '/audio/hold.mp3': { type: 'binary/octet-stream', body: '\u00ff\u00fb\u0090\u0064 frames' } }
  const answer = { callflow: [{ action: 'playFile', params: { fileUrl: url } }, hangup] }
  const problem = `${url} is served as binary/octet-stream and does not start like a WAV file or an ID3-tagged mp3 (an mp3 without an ID3 tag cannot be told from other bytes)`
  const tag = "rule 8x8/file-type"
  const source = "inferred: 8x8 documents mp3 and wav files, not how it recognises them; callspec reads the Content-Type and the file's first bytes"

  it('warns by default, and the file plays', async () => {
    const call = await inbound(answering(answer, files).listener).expectAction('playFile').expectAction('hangup')
    expect(call.warnings).toEqual([`turn 1: ${problem}: callspec plays it (${tag}, inferred)`])
    expect(call).toHavePlayed(url)
  })

  it('fails under strict with -2006, said as callspec\'s inference, with the tagged reason', async () => {
    const { listener, received } = answering(answer, files)
    await expect(inbound(listener, { strict: true }).expectAction('playFile').expectAction('hangup')).rejects.toThrow(`${problem}${STRICT_2006} (${tag}, inferred).\nRule 8x8/file-type, inferred: ${source.replace('inferred: ', '')}.\n`)
    expect(summaryOf(received)).toMatchObject({ sessionStatus: 'ERROR', errorDetails: { errorCode: -2006 } })
  })
})

describe("a playFile served with a Content-Type callspec does not know as mp3 or wav (8x8/file-type): 8x8 documents the formats, not the header", () => {
  const tag = "rule 8x8/file-type"
  const source = "inferred: 8x8 documents mp3 and wav files, not how it recognises them; callspec reads the Content-Type and the file's first bytes"
  // A RIFF/WAVE header, as a real .wav starts; then an ID3 tag, as a tagged mp3 starts.
  const WAV = 'RIFF$\u0000\u0000\u0000WAVEfmt data'
  const MP3 = 'ID3\u0004\u0000 frames'
  const playing = (path: string, file: ServedFile) => answering({ callflow: [{ action: 'playFile', params: { fileUrl: `http://app.callspec.local${path}` } }, hangup] }, { [path]: file })

  it.each([
    ['a WAV served as text/plain', '/audio/hold.wav', { type: 'text/plain', body: WAV }, 'is served as text/plain, not a type callspec knows as mp3 or wav, though it starts like a WAV file'],
    ['a WAV served as audio/vnd.wav', '/audio/hold.wav', { type: 'audio/vnd.wav', body: WAV }, 'is served as audio/vnd.wav, not a type callspec knows as mp3 or wav, though it starts like a WAV file'],
    ['a tagged mp3 served as text/plain; charset=utf-8', '/audio/hold.mp3', { type: 'text/plain; charset=utf-8', body: MP3 }, 'is served as text/plain, not a type callspec knows as mp3 or wav, though it starts like an ID3-tagged mp3'],
    ['bytes callspec cannot tell (an untagged mp3, perhaps) served as text/plain', '/audio/hold.mp3', { type: 'text/plain', body: 'frames' }, 'is served as text/plain and does not start like a WAV file or an ID3-tagged mp3 (an mp3 without an ID3 tag cannot be told from other bytes)'],
  ])('%s: warns by default, naming the type, and the file plays', async (_, path, file, said) => {
    const url = `http://app.callspec.local${path}`
    const { listener, received } = playing(path, file)
    const call = await inbound(listener).expectAction('playFile').expectAction('hangup')
    expect(call.warnings).toEqual([`turn 1: ${url} ${said}: callspec plays it (${tag}, inferred)`])
    expect(call).toHavePlayed(url)
    expect(summaryOf(received)).toMatchObject({ sessionStatus: 'COMPLETED' })
    expect(summaryOf(received).errorDetails).toBeUndefined()
  })

  it('fails under strict with -2006, said as callspec\'s inference, not as something 8x8 documents', async () => {
    const { listener, received } = playing('/audio/hold.wav', { type: 'text/plain', body: WAV })
    const error = await failureOf(inbound(listener, { strict: true }).expectAction('playFile').expectAction('hangup'))
    expect(error.message).toContain(
      `http://app.callspec.local/audio/hold.wav is served as text/plain, not a type callspec knows as mp3 or wav, though it starts like a WAV file${STRICT_2006} (${tag}, inferred).\n` +
        `Rule 8x8/file-type, inferred: ${source.replace('inferred: ', '')}.\n` +
        'Set vendor.failOnSessionError: false to let the session end and assert on the session summary instead.',
    )
    expect(error.message).not.toContain('8x8 ended the session')
    expect(summaryOf(received)).toMatchObject({ sessionStatus: 'ERROR', errorDetails: { errorCode: -2006 } })
  })

  it('the rule is inferred and warns by default, as the table says', () => {
    expect(drivers['8x8'].rules['8x8/file-type']).toMatchObject({ evidence: 'inferred' })
    expect(defaultLevel(drivers['8x8'].rules['8x8/file-type'])).toBe('warn')
  })
})

describe('Send Callflow rejections say which parts are documented', () => {
  const PATH = '/api/v1/subaccounts/acme_voice/callflows'
  const starting = (body: object) => () =>
    fetch(`https://voice.8x8.com${PATH}`, { method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const app = () => eightByEightApp(() => ({ callflow: [hangup] })).listener

  it('a hangup right after sayAndCapture is CREATED by default (a warning), and under strict the -1012 carries its rule and an inferred HTTP status', async () => {
    const body = { callflow: [makeCall('6512341234', '6512345678'), capture('Press 1'), hangup] }
    const call = await callTo(app(), { platform: '8x8', warnings: 'silent' }).startedBy(starting(body)).expectAction('makeCall').expectAction('sayAndCapture')
    expect(call.warnings).toEqual([expect.stringMatching(/\(rule 8x8\/hangup-after-capture, inferred\)$/)])
    await expect(callTo(app(), { platform: '8x8', strict: true }).startedBy(starting(body))).rejects.toThrow(
      `"statusCode":-1012,"statusMessage":"Invalid Callflow: Incorrect use of action Hangup"} (the refusal and this answer are callspec's inference: 8x8 does not document refusing this callflow)\n` +
        "✖ hangup right after sayAndCapture: the docs say the digits would be ignored, not that 8x8 refuses the callflow; callspec runs it, and the digits are lost (at error, callspec answers -1012 Invalid Callflow: Incorrect use of action Hangup instead)\n  → at callflow[2]\n  → rule 8x8/hangup-after-capture (inferred:",
    )
  })

  it('no such note where the vendor sample shows the HTTP status (-1013 on 422)', async () => {
    const flow = callTo(app(), { platform: '8x8' }).startedBy(starting({ callflow: [say('Hi'), hangup] }))
    await expect(flow).rejects.toThrow(/"statusCode":-1013,"statusMessage":"Invalid Callflow : First action should be a MakeCall action"}\n✖ Invalid Callflow : First action should be a MakeCall action\n {2}→ at callflow\[0\]\.action\n {2}→ rule 8x8\/first-action-make-call \(8x8 docs: Send Callflow, -1013\)\nRequest body:/)
  })
})

describe('the VCA asked when a callflow runs out, answered with no callflow (8x8/ran-out-answer): 8x8 documents neither', () => {
  // An info line: CALL_RECEIVED gets one message and no hangup; whatever 8x8 asks next gets `next`.
  const infoLine = (next: (res: import('node:http').ServerResponse) => void) =>
    eightByEightApp((p) => (p.callStatus === 'CALL_RECEIVED' ? { callflow: [say('We are closed.')] } : next))
  const tag = 'rule 8x8/ran-out-answer'
  const source = 'inferred: 8x8 documents the VCA after sayAndCapture and for a received call, not when a callflow runs out without them, nor what an answer with no callflow does'
  const said = (body: string) =>
    `the app answered the CALL_ACTION sent when its callflow ran out (no hangup, no sayAndCapture) with ${body}, which holds no callflow`
  const ends = ': 8x8 documents this VCA after sayAndCapture and for a received call, not when a callflow runs out, nor what an answer with no callflow does, so callspec ends the session as 8x8 most plausibly would, COMPLETED.'
  const noRoute =
    ' A 404 means the app has no route for the VCA at that path: if your subaccount has no VCA webhook (a voice message sent with Send Callflow), end the callflow with hangup or tell callspec with vendor: { vcaPath: null }.'

  it.each([
    ['an empty 200', (res: import('node:http').ServerResponse) => void res.writeHead(200).end(), 'an empty body', ''],
    ['OK (res.sendStatus(200))', (res: import('node:http').ServerResponse) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('OK'), '"OK"', ''],
    ['{}', (res: import('node:http').ServerResponse) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), '"{}"', ''],
    ['a 404 (no VCA route)', (res: import('node:http').ServerResponse) => void res.writeHead(404).end('Not Found'), 'HTTP 404', noRoute],
  ])('%s: warns by default, and the session ends COMPLETED', async (_, next, body, hint) => {
    const { listener, received } = infoLine(next)
    const call = await inbound(listener).expectAction('say').expectHangup()
    expect(call.warnings).toEqual([`turn 2: ${said(body)}${ends}${hint} (${tag}, inferred)`])
    expect(call.end).toMatchObject({ by: 'platform', reason: 'callflow ran out, no callflow in the answer' })
    expect(summaryOf(received)).toMatchObject({ sessionStatus: 'COMPLETED', lastAction: 'SAY' })
    expect(summaryOf(received).errorDetails).toBeUndefined()
  })

  it('fails under strict, ending the session with -2003, with the tagged message', async () => {
    const { listener, received } = infoLine((res) => void res.writeHead(200).end())
    await expect(inbound(listener, { strict: true }).expectAction('say').expectHangup()).rejects.toThrow(
      `${said('an empty body')}, so the session ends with ERROR -2003 (The call flow provided is invalid), callspec's inference (8x8 does not document what it does with an answer it cannot run) (${tag}, inferred).\nRule 8x8/ran-out-answer, inferred: ${source.replace('inferred: ', '')}.\nRequest sent:`,
    )
    expect(summaryOf(received)).toMatchObject({ sessionStatus: 'ERROR', errorDetails: { errorCode: -2003 } })
  })

  it('an answer that does hold a callflow runs as before', async () => {
    const { listener } = infoLine((res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ callflow: [say('Goodbye.'), hangup] })))
    const call = await inbound(listener).expectAction('say').expectAction('say').expectAction('hangup')
    expect(call.warnings).toEqual([])
  })

  it('the VCA after a sayAndCapture is documented: an empty answer to it still fails (8x8 requires a callflow in the answer)', async () => {
    const { listener } = eightByEightApp((p) =>
      p.callStatus === 'CALL_RECEIVED' ? { callflow: [capture('Press 1', { maxDigits: 1 })] } : (res: import('node:http').ServerResponse) => void res.writeHead(200).end(),
    )
    await expect(inbound(listener).expectAction('sayAndCapture').pressDigits('1').expectHangup()).rejects.toThrow(
      'the app answered CALL_ACTION with an empty body; the platform expects a JSON object { clientActionId?, callflow: [...] }. So the session ends with ERROR -2003',
    )
  })
})
