import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { sourceAt as sourceIn, topFrame } from '../helpers/source-at.js'
import { answering, tts } from '../helpers/webex-apps.js'
import { runNestedVitest } from '../helpers/nested-vitest.js'

const app = answering({ action: 'PLAY', audio: [tts('Enter your PIN.')], collectInput: { terminationDigit: '#' } }, (e) =>
  e.event === 'COLLECTED_DIGITS' && e.digitsReceived === '1234' ? { action: 'PATCH', dialedNumber: '+14155550142' } : { action: 'HANGUP' },
)
const W = { platform: 'webex-connect' } as const

const thisFile = fileURLToPath(import.meta.url)
const sourceAt = (marker: string, token: string) => sourceIn(thisFile, marker, token)

describe('the chain', () => {
  it('is immutable: a shared prefix runs once per branch', async () => {
    const base = callTo(app, W).expectAction('ANSWER').expectAction('PLAY')
    const right = await base.pressDigits('1234#').expectAction('PATCH')
    const wrong = await base.pressDigits('9999#').expectAction('HANGUP')
    expect(right.actions.map((a) => a.name)).toEqual(['ANSWER', 'PLAY', 'PATCH'])
    expect(wrong.actions.map((a) => a.name)).toEqual(['ANSWER', 'PLAY', 'HANGUP'])
  })

  it('runs once, however often it is awaited', async () => {
    const flow = callTo(app, W).expectAction('ANSWER').expectAction('PLAY')
    const [a, b] = await Promise.all([flow, flow])
    expect(a).toBe(b)
    expect(await flow).toBe(a)
  })

  it('rejects bad arguments up front, saying what it takes', () => {
    expect(() => callTo(app, W).pressDigits('12a')).toThrow("[callspec] pressDigits() takes keys 0-9, * and #, got \"12a\".")
    // A number, the common slip (newcomer audit-91): the message writes the fix.
    expect(() => callTo(app, W).pressDigits(1234 as unknown as string)).toThrow("[callspec] pressDigits() takes keys 0-9, * and #, got 1234, a number: pass the keys as a string, pressDigits('1234').")
    expect(() => callTo(app, W).fromCaller('415 555 0100')).toThrow(
      `[callspec] fromCaller() takes a phone number in E.164 form such as '+14155550100' (country code first; the '+' may be left out), got "415 555 0100".`,
    )
    expect(() => callTo(app, W).staySilent(-1)).toThrow('[callspec] staySilent() takes milliseconds ≥ 0, got -1.')
  })

  it("a number without its '+' is the international number: sent and shown with it, as each platform writes numbers (helper-125)", async () => {
    const webex = await callTo(app, W).fromCaller('14155550123').expectAction('ANSWER').expectAction('PLAY').hangUp()
    expect(webex.event('ACCEPTED')!.callerId).toBe('+14155550123')
    expect(webex.print().split('\n')[0]).toContain('inbound +14155550123 → ')
  })

  it("rejects an action name the platform does not have, as a JavaScript test can write it, with the one it meant (audit F3)", () => {
    // Measured before: the call ran, and failed at the step with "expected action answer, got ANSWER".
    const untyped = callTo(app, W) as unknown as { expectAction(name: string): unknown }
    expect(() => untyped.expectAction('answer')).toThrow(
      `[callspec] expectAction("answer"): webex-connect has no action "answer". Did you mean 'ANSWER'? Its actions: ANSWER, PLAY, PATCH, RECORD, HANGUP, REJECT.`,
    )
    // Two letters swapped count as one slip, even in a short name.
    expect(() => untyped.expectAction('PLYA')).toThrow(`[callspec] expectAction("PLYA"): webex-connect has no action "PLYA". Did you mean 'PLAY'? Its actions:`)
    // SAY is Voxology's: said as such (newcomer audit N11), not as a near miss of Webex Connect's.
    expect(() => untyped.expectAction('SAY')).toThrow(/^\[callspec\] expectAction\("SAY"\): webex-connect has no action "SAY" \('SAY' is a voxology action: is 'platform' right\?\)\. Its actions: ANSWER, /)
  })
})

describe('failures', () => {
  it('point at the line of the step that failed, with expected and actual for the diff', async () => {
    const error = await failureOf(
      callTo(app, W)
        .expectAction('ANSWER')
        .expectAction('PLAY')
        .pressDigits('0000#')
        .expectAction('PATCH', { dialedNumber: '+14155550142' }), // ← PATCH step
    )
    expect(error.message.split('\n')[0]).toBe(
      "[callspec] turn 3, expectAction('PATCH', { dialedNumber: \"+14155550142\" }): expected action PATCH { dialedNumber: \"+14155550142\" }, got HANGUP",
    )
    expect(topFrame(error)).toBe(sourceAt('// ← PATCH step', 'expectAction'))
    expect(error).toMatchObject({ actual: { action: 'HANGUP' }, expected: { action: 'PATCH', dialedNumber: '+14155550142' }, showDiff: true })
  })

  it("point at the step's line through a helper that makes the call or awaits it, and at the await where the chain is not in one piece", async () => {
    const dial = () => callTo(app, W) // ← callTo in a helper
    const throughHelper = await failureOf(
      dial()
        .expectAction('ANSWER')
        .expectAction('PATCH'), // ← helper chain's step
    )
    expect(topFrame(throughHelper)).toBe(sourceAt("// ← helper chain's step", 'expectAction'))

    const oneLine = await failureOf(dial().expectAction('PATCH')) // ← one line
    expect(topFrame(oneLine)).toBe(sourceAt('// ← one line', 'expectAction'))

    // Awaited where the steps are not all written: the line that awaits the flow.
    const base = callTo(app, W).expectAction('ANSWER')
    const reused = await base.expectAction('PATCH').then(
      () => undefined,
      (error: unknown) => error as Error,
    )
    expect(reused?.message.split('\n')[0]).toMatch(/^\[callspec\] turn 2, expectAction\('PATCH'\): expected action PATCH, got PLAY/)
    let awaited: Error | undefined
    try {
      await base.expectAction('PATCH') // ← reused prefix awaited
    } catch (error) {
      awaited = error as Error
    }
    expect(topFrame(awaited!)).toBe(sourceAt('// ← reused prefix awaited', 'await'))

    const answered = (flow: ReturnType<typeof dial>) => flow.expectAction('ANSWER').expectAction('PATCH')
    let inHelper: Error | undefined
    try {
      await answered(callTo(app, W)) // ← steps in a helper
    } catch (error) {
      inHelper = error as Error
    }
    expect(topFrame(inHelper!)).toBe(sourceAt('// ← steps in a helper', 'await'))
  })

  it('show the transcript with the failing turn and action marked, and the seed', async () => {
    const error = await failureOf(callTo(app, { ...W, seed: 5 }).expectAction('ANSWER').expectAction('PLAY').pressDigits('0000#').expectAction('PATCH'))
    const lines = error.message.split('\n')
    expect(lines).toContain('  ✖    2.9s  3 → COLLECTED_DIGITS   "0000" + #')
    expect(lines.find((l) => l.includes('3 ← HANGUP'))).toMatch(/3 ← HANGUP +✖ expected PATCH$/)
    expect(lines.at(-1)).toBe('Replay this exact call with { seed: 5 }.')
  })

  it("keep their fields for code out of a runner's printout: only the message shows the transcript", async () => {
    const error = await failureOf(callTo(app, W).expectAction('ANSWER').expectAction('PLAY', { collectInput: { terminationDigit: '*' } }))
    // vitest prints an error's own properties under it ("Serialized Error: { transcript: … }"),
    // all but the ones it knows (the message, the stack, the diff's actual and expected).
    const known = new Set(['stack', 'message', 'name', 'cause', 'actual', 'expected', 'showDiff'])
    expect(Object.getOwnPropertyNames(error).filter((k) => !known.has(k))).toEqual([])
    const fields = error as unknown as { transcript: { entries: unknown[] }; stepIndex: number; markTurn: number }
    expect(fields.transcript.entries.length).toBeGreaterThan(2)
    expect([fields.stepIndex, fields.markTurn]).toEqual([1, 2])
    const invalid = await failureOf(callTo(answering({ action: 'PLAY', audio: [{ type: 'TTS', txt: 'Hi.' }] } as never), W).expectAction('ANSWER').expectAction('PLAY'))
    expect(Object.getOwnPropertyNames(invalid).filter((k) => !known.has(k))).toEqual([])
    expect((invalid as unknown as { issues: unknown[] }).issues.length).toBeGreaterThan(0)
  })

  it('name the first mismatching field of a partial match', async () => {
    const error = await failureOf(callTo(app, W).expectAction('ANSWER').expectAction('PLAY', { collectInput: { terminationDigit: '*' } }))
    expect(error.message).toContain('PLAY did not match: collectInput.terminationDigit: expected "*", got "#"')
  })

  it('repeat the warnings callspec gave earlier in the call under the headline: an ignored key is often the cause', async () => {
    // "colectInput" is not a PLAY key: the vendor ignores it, so nothing collects the keys.
    const typo = answering({ action: 'PLAY', audio: [tts('Enter your PIN.')], colectInput: { terminationDigit: '#' } }, () => ({ action: 'HANGUP' }))
    const error = await failureOf(callTo(typo, { ...W, warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1234#').expectAction('PATCH'))
    const lines = error.message.split('\n')
    expect(lines[0]).toBe("[callspec] turn 3, pressDigits('1234#'): the call ended before the platform listened for digits (HANGUP).")
    const at = lines.indexOf('callspec warned earlier in this call (a cause, perhaps):')
    expect(at).toBeGreaterThan(0)
    expect(lines[at + 1]).toMatch(/^ {2}⚠ turn 2: the app's answer to ANSWERED: Unrecognized key: "colectInput"/)
    expect(lines.findIndex((l) => l.startsWith('Call ('))).toBeGreaterThan(at)
  })

  it('report when the call ended before the expected action', async () => {
    const error = await failureOf(callTo(app, W).expectAction('ANSWER').expectAction('PLAY').pressDigits('0#').expectAction('HANGUP').expectAction('PLAY'))
    expect(error.message).toContain("expectAction('PLAY'): the call ended (app: HANGUP) before the app sent the action expectAction('PLAY') expects.")
  })
})

describe('leftover actions', () => {
  // Silent: the warning under test is read from call.warnings, not printed.
  const flow = (unconsumed?: 'error' | 'warn' | 'ignore') => callTo(app, { ...W, unconsumed, warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').pressDigits('0#')

  it('fail the call by default, naming them', async () => {
    const error = await failureOf(flow())
    expect(error.message).toContain('the app sent 1 action(s) the test never expected:\n  • turn 3 ← HANGUP \nAdd .expectAction(\'HANGUP\')')
  })

  it("are listed in result.warnings with unconsumed: 'warn'", async () => {
    const call = await flow('warn')
    expect(call.warnings[0]).toContain('the app sent 1 action(s) the test never expected')
  })

  it("are ignored with unconsumed: 'ignore'", async () => {
    expect((await flow('ignore')).warnings).toEqual([])
  })
})

describe('a flow that is never awaited', () => {
  // The guard fails such a test; run in a vitest of its own so its failure is read, not suffered:
  // the exit code and the guard's message. That run loads the built callspec (dist/, as a user's
  // suite does) where it is fresh, else the sources: test/helpers/nested-vitest.ts.
  const runFixture = (config: string) => runNestedVitest(`test/dsl/never-awaited/${config}`)

  it('fails the test that created it, saying what to add', { timeout: 60_000 }, () => {
    const { status, output } = runFixture('vitest.config.ts')
    expect(status).toBe(1)
    expect(output).toContain('[callspec] callTo(…) was created but never awaited, so the call never ran. Add `await` in front of it.')
    expect(output).toContain('forgot-await.fixture.ts')
    // No stack is captured at callTo() (call-site.ts): the flow as written says which call it was.
    expect(output).toContain("The call that never ran: callTo(…, { platform: 'webex-connect' }).expectAction('ANSWER')")
  })

  it('a misspelt step: names the step meant, and does not ask for an `await` the line has (helper-188)', { timeout: 60_000 }, () => {
    const { status, output } = runFixture('misspelt-step.config.ts')
    expect(status).toBe(1)
    expect(output).toContain('TypeError: menu(...).pressDigit is not a function\n[callspec] if menu(...) is a call flow (callTo(…)…), it has no step .pressDigit(): did you mean .pressDigits()?')
    expect(output).toContain(
      '[callspec] callTo(…) never ran: the test threw while its chain was being written (menu(...).pressDigit is not a function), before `await` could run it. Fix that error; no `await` is missing.',
    )
    expect(output).not.toContain('Add `await` in front of it')
  })

  it("a callspec matcher used without the setup file: vitest's Invalid Chai property says what to add (helper-188)", { timeout: 60_000 }, () => {
    const { status, output } = runFixture('unregistered-matcher.config.ts')
    expect(status).toBe(1)
    expect(output).toContain(
      "Error: Invalid Chai property: toHavePlayed\n[callspec] toHavePlayed is callspec's matcher, registered by its setup file: add 'callspec/vitest' to test.setupFiles in your vitest config (or import 'callspec/vitest' at the top of your own setup file).",
    )
  })

  it("created outside a test (a hook, the file's top level): fails the file at its end, naming each, not one a test ran", { timeout: 60_000 }, () => {
    // Before, `beforeAll(() => { callTo(app)… })` with no await passed with no output: no test made the call.
    const { status, output } = runFixture('outside-tests.config.ts')
    expect(status).toBe(1)
    expect(output).toContain(
      "[callspec] 2 calls were created outside a test and never awaited by the end of the file, so they never ran. Add `await` in front of each (in a hook, `beforeAll(async () => { call = await callTo(…)… })`):\n" +
        "  at the file's top level: callTo(…, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY')\n" +
        "  in beforeAll: callTo(…, { platform: 'webex-connect' }).expectAction('ANSWER')\n",
    )
    expect(output).toContain('Tests  2 passed (2)')
    expect(output).not.toContain('expectHangup()')
  })

  it('built in beforeAll for a test that is skipped: the file passes (only a file whose every test passed is checked)', { timeout: 60_000 }, () => {
    const { status, output } = runFixture('outside-tests-skipped.config.ts')
    expect(output).not.toContain('[callspec]')
    expect(output).toContain('1 passed | 1 skipped')
    expect(status).toBe(0)
  })

  it('fails it without the setup file too, saying to add it', { timeout: 60_000 }, () => {
    const { status, output } = runFixture('no-setup.config.ts')
    expect(status).toBe(1)
    expect(output).toContain(
      "[callspec] callTo(…) was created but never awaited, so the call never ran. Add `await` in front of it. (Add 'callspec/vitest' to test.setupFiles in your vitest config: it registers the matchers, and this check.)",
    )
  })
})
