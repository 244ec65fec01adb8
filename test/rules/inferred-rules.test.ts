/**
 * The policy, on every platform: the same app passes with a warning by default when it breaks a
 * rule callspec inferred, and fails with `strict: true` (or the rule set to 'error'). Warnings are
 * printed once per call (console.warn) with their turn and rule, and kept in `call.warnings`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import express from 'express'
import { afterEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { callTo } from '../../src/index.js'
import { eightByEightApp, hangup, say } from '../drivers/8x8/apps.js'
import { accepting, tts as enablexTts } from '../drivers/enablex/apps.js'
import { scriptApp, serve } from '../drivers/voxology/helpers.js'
import { failureOf } from '../helpers/failure-of.js'
import { answering, tts } from '../helpers/webex-apps.js'

afterEach(() => {
  vi.restoreAllMocks()
})

/** Each platform: an app whose answer holds one key the vendor does not document (inferred rule: unknown keys). */
const platforms = [
  {
    platform: 'webex-connect' as const,
    rule: 'webex-connect/unknown-keys',
    run: (options: object) =>
      callTo(answering({ action: 'PLAY', audio: [tts('Hello.')], colour: 'blue' }), { platform: 'webex-connect', ...options })
        .expectAction('ANSWER')
        .expectAction('PLAY')
        .expectAction('HANGUP'),
    warning: /^turn 2: the app's answer to ANSWERED: Unrecognized key: "colour" \(received "blue"\): ignored, as callspec assumes the vendor does with keys it does not know \(rule webex-connect\/unknown-keys, inferred\)$/,
    failure: /✖ Unrecognized key: "colour" \(received "blue"\)\n {2}→ rule webex-connect\/unknown-keys \(inferred: not documented\)/,
  },
  {
    platform: '8x8' as const,
    rule: '8x8/unknown-keys',
    run: (options: object) =>
      callTo(eightByEightApp(() => ({ callflow: [say('Hello.', { colour: 'blue' }), hangup] })).listener, { platform: '8x8', ...options })
        .expectAction('say')
        .expectAction('hangup'),
    warning: /^turn 1: the app's answer to CALL_ACTION: Unrecognized key: "colour" \(received "blue"\): ignored, as callspec assumes the vendor does with keys it does not know at callflow\[0\]\.params \(rule 8x8\/unknown-keys, inferred\)$/,
    failure: /the session ends with ERROR -2003 \(The call flow provided is invalid\), callspec's inference \(8x8 does not document what it does with an answer it cannot run\):\n✖ Unrecognized key: "colour" \(received "blue"\)\n {2}→ at callflow\[0\]\.params\n {2}→ rule 8x8\/unknown-keys/,
  },
  {
    platform: 'enablex' as const,
    rule: 'enablex/unknown-keys',
    run: (options: object) =>
      callTo(accepting({ ...enablexTts('Hello.'), colour: 'blue' }), { platform: 'enablex', ...options }).expectAction('accept').expectAction('play'),
    warning: /^turn 2: the app's play request \(PUT \/voice\/v1\/call\/[^)]+\/play\): Unrecognized key: "colour" \(received "blue"\): ignored, as callspec assumes the vendor does with keys it does not know \(rule enablex\/unknown-keys, inferred\)$/,
    failure: /callspec refused the app's play request \(PUT [^)]+\) by a rule it inferred, not one EnableX documents: enablex\/unknown-keys, at error (under strict: true|as rules sets it) [^\n]*:\n✖ Unrecognized key: "colour" \(received "blue"\)\n {2}→ rule enablex\/unknown-keys/,
  },
  {
    platform: 'voxology' as const,
    rule: 'voxology/unknown-keys',
    run: (options: object) =>
      callTo(scriptApp({ '/': serve([{ type: 'SAY', params: { text: 'Hello.', voice: 'alice' } }, { type: 'HANGUP' }]) }).app, { platform: 'voxology', ...options })
        .expectAction('SAY')
        .expectAction('HANGUP'),
    warning: /^turn 1: the app's answer to the init_call callback: Unrecognized key: "voice" \(received "alice"\): ignored, as callspec assumes the vendor does with keys it does not know at actions\[0\]\.params \(rule voxology\/unknown-keys, inferred\)$/,
    failure: /callspec failed the app's answer to the init_call callback by a rule it inferred, not one Voxology documents: voxology\/unknown-keys, at error (under strict: true|as rules sets it) [^\n]*:\n✖ Unrecognized key: "voice" \(received "alice"\)\n {2}→ at actions\[0\]\.params\n {2}→ rule voxology\/unknown-keys/,
  },
]

/**
 * What the spy saw of this test's calls: not the once-per-process warning about a request an ended
 * call's app sent to a vendor host, which another test file's app (its worker shared, as the unit
 * tests run) may send while this test runs (seen once: an EnableX app's DELETE during Voxology's).
 */
const ownWarnings = (warn: MockInstance<typeof console.warn>) => warn.mock.calls.map(([message]) => String(message)).filter((message) => !message.includes('after its call had ended'))

describe.each(platforms)('$platform: an inferred rule', ({ rule, run, warning, failure }) => {
  it('passes with a warning by default, printed once with its turn and rule', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const call = await run({})
    expect(call.warnings).toEqual([expect.stringMatching(warning)])
    expect(ownWarnings(warn)).toHaveLength(1)
    const printed = ownWarnings(warn)[0]!
    expect(printed).toMatch(/^\[callspec\] 1 warning in an? \S+ call \(inbound \+\d+ → \+\d+, seed \d+\):\n {2}⚠ turn \d+: /)
    expect(printed).toContain(call.warnings[0])
    // What a warning is, and warnings: 'silent', are said once per platform in a process: warnings-explained-once.test.ts.
    // The transcript marks it where it happened.
    expect(call.print()).toContain(`⚠ ${call.warnings[0]!.replace(/^turn \d+: /, '')}`)
  })

  it('fails with strict: true, and with the rule set to error', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect((await failureOf(run({ strict: true }))).message).toMatch(failure)
    expect((await failureOf(run({ rules: { [rule]: 'error' } }))).message).toMatch(failure)
  })

  it("is silent with warnings: 'silent' (call.warnings keeps it), and gone with the rule off", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect((await run({ warnings: 'silent' })).warnings).toHaveLength(1)
    expect(await run({ rules: { [rule]: 'off' }, strict: true })).toMatchObject({ warnings: [] })
    expect(ownWarnings(warn)).toEqual([])
  })
})

describe('a 404 to the end-of-call webhook means a route is missing: a warning by default, on every platform', () => {
  it('Webex Connect: DROPPED', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const missing = (req: IncomingMessage, res: ServerResponse) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        const { event } = JSON.parse(body) as { event: string }
        if (event === 'DROPPED') return void res.writeHead(404).end('Not Found')
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify(event === 'ACCEPTED' ? { action: 'ANSWER' } : { action: 'HANGUP' }))
      })
    }
    const call = await callTo(missing, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('HANGUP')
    expect(call.warnings).toEqual([
      'turn 3: the app answered DROPPED with HTTP 404: the call is over, so the platform ignores it, but a 404 means the app has no route for DROPPED (is webhookPath right?) (rule webex-connect/final-callback-answered, inferred)',
    ])
    const error = await failureOf(callTo(missing, { platform: 'webex-connect', strict: true }).expectAction('ANSWER').expectAction('HANGUP'))
    // Under strict the failure leads with callspec's inference, its rule and how to relax it.
    expect(error.message).toContain(
      "[callspec] turn 3, end of call: callspec failed the call by a rule it inferred, not one Webex Connect documents: webex-connect/final-callback-answered, at error under strict: true (rules: { 'webex-connect/final-callback-answered': 'warn' } warns instead, 'off' ignores it): the app answered DROPPED with HTTP 404",
    )
  })

  it('8x8: the session summary (VSS)', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { listener } = eightByEightApp(() => ({ callflow: [say('Bye.'), hangup] }))
    const app = (req: IncomingMessage, res: ServerResponse) =>
      req.url === '/8x8/vss' ? void res.writeHead(404).end('Not Found') : listener(req, res)
    const call = await callTo(app, { platform: '8x8' }).expectAction('say').expectAction('hangup')
    expect(call.warnings).toEqual([
      expect.stringMatching(
        // 8x8 documents "Respond HTTP 200" (audit F8): the rule is doc at warn, the consequence callspec's inference.
        /^turn 2: the app answered SESSION_SUMMARY with HTTP 404, where 8x8 documents "Respond HTTP 200" \(what 8x8 does with another answer is not documented: callspec infers it changes nothing, the session being over\): a 404 means the app has no route for SESSION_SUMMARY at http:\/\/app\.callspec\.local\/8x8\/vss \(is the path right\? vendor\.vssPath sets it; if your subaccount has no such webhook, tell callspec with vendor: \{ vssPath: null \}\) \(rule 8x8\/final-callback-answered/,
      ),
    ])
  })

  it('8x8: a call status (VCS) the test asked for names vcsPath', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { listener } = eightByEightApp(() => ({ callflow: [say('Bye.'), hangup] }))
    const app = (req: IncomingMessage, res: ServerResponse) =>
      req.url === '/8x8/vcs' ? void res.writeHead(404).end('Not Found') : listener(req, res)
    const call = await callTo(app, { platform: '8x8', vendor: { vcsPath: true } }).expectAction('say').expectAction('hangup')
    expect(call.warnings[0]).toContain(
      'a 404 means the app has no route for CALL_STATUS at http://app.callspec.local/8x8/vcs (is the path right? vendor.vcsPath sets it; if your subaccount has no such webhook, tell callspec with vendor: { vcsPath: null })',
    )
  })

  it('EnableX: disconnected', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const inner = accepting(enablexTts('Hi.'), async (event, api) => {
      if (event.playstate === 'playfinished') await api.call('DELETE', `/call/${event.voice_id}`)
    })
    const app = (req: IncomingMessage, res: ServerResponse) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        if (JSON.parse(body).state === 'disconnected') return void res.writeHead(404).end()
        // Replay the request into the helper app, which answers 200 and drives the call.
        const replay = Object.assign(Readable.from([body]), { headers: req.headers, url: req.url, method: req.method })
        inner(replay as never, res)
      })
    }
    const call = await callTo(app, { platform: 'enablex' }).expectAction('accept').expectAction('play').expectAction('hangup')
    expect(call.warnings).toEqual([expect.stringMatching(/^turn \d: the app answered the disconnected event with HTTP 404: the call is over, so EnableX ignores it, but a 404 means the app has no route for the disconnected event at .*\(rule enablex\/final-callback-answered/)])
  })

  it('Voxology: the final callback', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const app = express()
    app.use(express.json())
    app.post('/', (req, res) => {
      if (req.body.type === 'call_end') return res.status(404).end()
      return res.json({ actions: [{ type: 'SAY', params: { text: 'Bye.' } }, { type: 'HANGUP' }] })
    })
    const call = await callTo(app, { platform: 'voxology' }).expectAction('SAY').expectAction('HANGUP')
    expect(call.warnings).toEqual([expect.stringMatching(/^turn 2: the app answered the call_end callback with HTTP 404: the call is over, so Voxology ignores it, but a 404 means the app has no route for it at .*\(rule voxology\/final-callback-answered/)])
  })
})

describe("unconsumed: 'warn'", () => {
  it('prints its warning once, with a text that does not tell the user to set what is set', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const call = await callTo(answering({ action: 'PLAY', audio: [tts('Hello.')] }), { platform: 'webex-connect', unconsumed: 'warn' })
      .expectAction('ANSWER')
      .staySilent(10_000)
    expect(call.warnings).toEqual([
      "the app sent 2 action(s) the test never expected:\n  • turn 2 ← PLAY TTS \"Hello.\"\n  • turn 3 ← HANGUP \nAdd .expectAction('PLAY') to assert them, or set unconsumed: 'ignore' to stop this warning.",
    ])
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]![0])).toContain(call.warnings[0])
    expect(String(warn.mock.calls[0]![0])).not.toContain("set unconsumed: 'warn'")
  })
})
