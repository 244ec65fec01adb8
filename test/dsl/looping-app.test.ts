/**
 * An app that repeats itself until a limit stops the call stays readable. Measured before
 * (helper-21): an EnableX app retrying a refused play every second printed 14,402 warnings, one
 * line each, then a failure whose transcript ran to about 43,000 lines, and its headline said only
 * "the call passed 14400000 virtual ms (limits.maxVirtualMs) without ending".
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { tickingApp, tts, webexApp } from '../helpers/webex-apps.js'

/** Asks for a key forever, each PLAY with a key the docs do not name (an inferred warning). */
const nagging = () =>
  webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    return { action: 'PLAY', audio: [tts('Press 1.')], collectInput: { maxDigits: 1 }, retryPolicy: 'forever' }
  })

afterEach(() => vi.restoreAllMocks())

describe('an app that loops until a limit', () => {
  // 20 s: 300 turns took 2.2 s at load 8 (the test's 5 s, less the cold load before it, ran out first).
  it('fails naming the warning it kept causing, with a transcript whose rounds are shown once with a count', { timeout: 20_000 }, async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const error = await failureOf(callTo(nagging(), { platform: 'webex-connect', limits: { maxTurns: 300 } }).expectAction('ANSWER').staySilent(3_600_000))
    const [headline] = error.message.split('\n')
    expect(headline).toMatch(/^\[callspec\] turn 301, staySilent\(3600000\): the call passed 300 webhooks \(limits\.maxTurns\): is the app looping\?/)
    // Its answer to ANSWERED warned once; to each COLLECTED_DIGITS after it, the same way again.
    expect(headline).toMatch(/ Meanwhile the same warning came 29\d times \(is the app repeating what the platform refused or ignored\?\): the app's answer to COLLECTED_DIGITS: .*"retryPolicy"/)
    const transcript = error.message.slice(error.message.indexOf('Call (webex-connect'))
    const lines = transcript.split('\n')
    // The same four lines, round after round: shown once, with how often they came, then the last time round.
    // The round shown ends with turn 3's event and warning, so the fold starts at turn 4 (it said 3).
    expect(transcript).toMatch(/\n {2}• +6\.0s +3 → COLLECTED_DIGITS .*\n.*⚠ the app's answer to COLLECTED_DIGITS: .*\n {2}… the 4 lines above came round 296 more times \(turns 4–299; only their numbers differ\)\n/)
    expect(lines.length).toBeLessThan(25)
    // The start of the call and the failing turn are both there; the error keeps the whole call.
    expect(transcript).toContain('1 → ACCEPTED')
    expect(transcript).toMatch(/ 300 → COLLECTED_DIGITS /)
    const whole = (error as unknown as { transcript: { print(): string } }).transcript.print()
    expect(whole.split('\n').length).toBeGreaterThan(1_000)
  })

  it('prints a warning repeated at every turn once, with how many more times it came', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    // A call that passes: a failing one lists its warnings in its message instead (warnings-under-failure.test.ts).
    const call = await callTo(nagging(), { platform: 'webex-connect', unconsumed: 'ignore' }).expectAction('ANSWER').staySilent(270_000).hangUp()
    expect(call.warnings.length).toBeGreaterThan(40)
    expect(warn).toHaveBeenCalledTimes(1)
    const printed = String(warn.mock.calls[0]![0]).split('\n')
    const count = call.warnings.length
    expect(printed[0]).toMatch(new RegExp(`^\\[callspec\\] ${count} warnings in a webex-connect call `))
    // One line for the answer to ANSWERED, one for the same warning at every COLLECTED_DIGITS.
    const shown = printed.filter((l) => l.startsWith('  ⚠ '))
    expect(shown).toHaveLength(2)
    expect(shown[0]).toMatch(/^ {2}⚠ turn 2: the app's answer to ANSWERED: .*"retryPolicy"[^—]*$/)
    expect(shown[1]).toMatch(new RegExp(`^ {2}⚠ turn 3: the app's answer to COLLECTED_DIGITS: .*"retryPolicy".* — and ${count - 2} more times, up to turn ${count + 1}$`))
  })
})

describe('a call that keeps moving without a webhook limit to stop it', () => {
  // 3 s: the margin the deadline leaves (a quarter) holds on a loaded machine too.
  it("fails with callspec's message before the runner's timeout, saying how long it ran and how far it got", { timeout: 3_000 }, async () => {
    const started = performance.now()
    const error = await failureOf(callTo(tickingApp(), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup())
    expect(error.message.split('\n')[0]).toMatch(
      /^\[callspec\] turn 2, expectHangup\(\): the call had run (\d+ ms|[12](\.\d)? s) of real time and was still going, [\d.]+ (s|min|h) into the call \(virtual\), with the test's 3 s timeout near: is the app looping\? Raise the test's timeout if the call is really this long\.$/,
    )
    // Before the runner's 3 s: its own "Test timed out" would have come instead.
    expect(performance.now() - started).toBeLessThan(3_000)
  })
})

describe("a call stopped for the runner's timeout, most of the test's time gone before it started", () => {
  // h216: under load a test file's first call was asked "is the app looping?" after 0.5-1.7 s of its
  // own, 4.2 s of the test's 5 s having gone to loading before it began.
  it('says how much had gone before the call, not "is the app looping?"', { timeout: 4_000 }, async () => {
    await new Promise((resolve) => setTimeout(resolve, 2_200))
    const error = await failureOf(callTo(tickingApp(), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectAction('PLAY').expectHangup())
    expect(error.message.split('\n')[0]).toMatch(
      /^\[callspec\] turn 2, expectHangup\(\): the call had run (\d+ ms|1(\.\d)? s) of real time and was still going, [\d.]+ (s|min|h) into the call \(virtual\), with the test's 4 s timeout near: 2\.\d s of it had gone before this call started \(the test's own work, earlier calls, loading modules, or a busy machine\)\. Raise the test's timeout if the test needs that long\.$/,
    )
  })
})

describe('a call paced by the wall clock past the test timeout', () => {
  // newcomer audit-155 N3: a 6 s silence under time: 'real' ran into vitest's bare "Test timed out
  // in 5000ms", no transcript: the last slice of a paced wait never looked at the runner's deadline.
  it("fails with callspec's message before the runner's timeout, saying how to let it run", { timeout: 2_000 }, async () => {
    const started = performance.now()
    const menu = webexApp((event) => (event.event === 'ACCEPTED' ? { action: 'ANSWER' } : { action: 'PLAY', audio: [tts('Press 1.')], collectInput: { maxDigits: 1 } }))
    const error = await failureOf(callTo(menu, { platform: 'webex-connect', time: 'real' }).expectAction('ANSWER').expectAction('PLAY').staySilent(3000).hangUp())
    expect(error.message.split('\n')[0]).toMatch(
      /^\[callspec\] turn 2, staySilent\(3000\): the call is paced by the wall clock \(the time option\), so its virtual time takes real time: 1(\.\d)? s into it, it had run 1(\.\d)? s of real time and was still going, with the test's 2 s timeout near\. Raise the test's timeout \(it\('…', \{ timeout: 30_000 \}\), or testTimeout in the vitest config\) to let it run its course, or leave out time to run it on virtual time, in milliseconds\.$/,
    )
    expect(error.message).toContain('☎ stays silent for 3.0 s')
    expect(performance.now() - started).toBeLessThan(2_000)
  })

})

describe('a short test timeout (audit h193)', () => {
  // The driver loaded first: a cold first call in a worker (its modules transformed as they load)
  // can take most of a 1.3 s budget, and the runner's bare timeout came first.
  beforeAll(async () => {
    await callTo(webexApp(() => ({ action: 'REJECT' })), { platform: 'webex-connect' }).expectAction('REJECT')
  })
  it('says how far into the call in whole milliseconds', { timeout: 1_300 }, async () => {
    const menu = webexApp((event) => (event.event === 'ACCEPTED' ? { action: 'ANSWER' } : { action: 'PLAY', audio: [tts('Press 1.')], collectInput: { maxDigits: 1 } }))
    const error = await failureOf(callTo(menu, { platform: 'webex-connect', time: 'real' }).expectAction('ANSWER').expectAction('PLAY').staySilent(3000).hangUp())
    // Before: "… takes real time: 424.68996300000003 ms into it …".
    expect(error.message.split('\n')[0]).toMatch(/so its virtual time takes real time: \d+ ms into it, it had run \d+ ms of real time and was still going, with the test's 1.3 s timeout near\./)
  })
})

describe('a long failing call with no loop to fold', () => {
  it('keeps its first lines, the failing turn and its last lines, and counts the rest', async () => {
    // Each PLAY speaks another number: no lines come round alike, so only the length is cut.
    let n = 0
    const counting = webexApp((event) =>
      event.event === 'ACCEPTED' ? { action: 'ANSWER' } : { action: 'PLAY', audio: [tts(`Number ${'abcdefghij'[n++ % 10]!.repeat((n % 7) + 1)}.`)], collectInput: { maxDigits: 1 } },
    )
    const error = await failureOf(callTo(counting, { platform: 'webex-connect', limits: { maxTurns: 300 }, warnings: 'silent' }).expectAction('ANSWER').staySilent(3_600_000))
    const transcript = error.message.slice(error.message.indexOf('Call (webex-connect'))
    expect(transcript).toMatch(/\n {2}… [\d,]+ lines left out here \(turns \d+–\d+\): call\.transcript\.print\(\) shows them all\n/)
    expect(transcript.split('\n').length).toBeLessThan(205)
    expect(transcript).toContain('1 → ACCEPTED')
    expect(transcript).toMatch(/ 300 → COLLECTED_DIGITS /)
  })
})
