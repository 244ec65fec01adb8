/**
 * `pressDigits(keys, { gapMs })` (a scenario's `press` with `gap:`): the gap is between one key
 * and the next; the first key comes at the caller's usual reaction after the prompt (audit-80 §5).
 * Before, the first key came `gapMs` after the prompt too: a slow typist written to test a 5 s
 * inter-digit timeout pressed nothing for 6 s, and the input ended empty on the first-digit
 * timeout. Each app is an HTTP server the call reaches over a real socket.
 */
import { describe, expect, it } from 'vitest'
import { callTo, drivers } from '../../src/index.js'
import type { AnyCallTo } from '../../src/scenario/compile.js'
import { parseScenarioFile } from '../../src/scenario/parse.js'
import { runScenario } from '../../src/scenario/run.js'
import type { TranscriptEntry } from '../../src/session/types.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

/** A PIN prompt (up to 4 digits, '#' ends, 5 s between digits) that says what it collected. */
const pinApp = () =>
  webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED') return { action: 'PLAY', audio: [tts('PIN please.')], collectInput: { maxDigits: 4, terminationDigit: '#', digitTimeout: 5 } }
    if (event.event === 'COLLECTED_DIGITS') return { action: 'PLAY', audio: [tts(`Got "${event.digitsReceived}".`)] }
    if (event.event === 'PLAYED') return { action: 'HANGUP' }
    return undefined
  })

const W = { platform: 'webex-connect', seed: 7, transport: 'tcp' } as const
const pin = (keys: string, options?: { gapMs: number }) => callTo(pinApp(), W).expectAction('ANSWER').expectAction('PLAY').pressDigits(keys, options).expectAction('PLAY').expectHangup()

/** When the caller started pressing, and when the platform reported the digits. */
const timesOf = (entries: readonly TranscriptEntry[]) => ({
  firstKey: entries.find((e) => e.kind === 'caller' && e.text.startsWith('presses'))!.at,
  collected: entries.find((e) => e.kind === 'event' && e.name === 'COLLECTED_DIGITS')!.at,
})

describe('pressDigits gapMs is the time between keys, not before the first', () => {
  it('a slow typist (6 s between keys) against a 5 s inter-digit timeout: the first key is collected, then the timeout ends the input', async () => {
    const usual = timesOf((await pin('1#')).transcript.entries)
    const call = await pin('1234#', { gapMs: 6_000 })
    expect(call).toHavePlayed('Got "1".')
    const slow = timesOf(call.transcript.entries)
    // The first key when a caller given no gap presses it (300 ms after the prompt), the input
    // ended 5 s after it, and the caller's line says when the keys began.
    expect(slow.firstKey).toBe(usual.firstKey)
    expect(slow.collected).toBe(slow.firstKey + 5_000)
    const printed = call.print()
    expect(printed).toMatch(/COLLECTED_DIGITS {3}"1"\n/)
    expect(printed).toContain(`${(slow.firstKey / 1000).toFixed(1)}s    ☎ presses 1234#`)
    expect(printed).not.toContain('no input')
  })

  it('a scenario file\'s press with gap: 6s is the same slow typist', async () => {
    const file = ['platform: webex-connect', 'seed: 7', 'steps:', '  - expect: ANSWER', '  - expect: PLAY', '  - press: "1234#"', '    gap: 6s', '  - expect: PLAY', '  - expectHangup', '  - heard: Got "1".', ''].join('\n')
    const scenario = parseScenarioFile(file, 'pin.yaml', drivers).scenarios[0]!
    const result = await runScenario(scenario, callTo as unknown as AnyCallTo, pinApp())
    expect(result.error?.message).toBeUndefined()
    expect(result.status).toBe('passed')
    const { firstKey, collected } = timesOf(result.transcript!.entries)
    expect(collected).toBe(firstKey + 5_000)
  })

  it('without gapMs, the keys come as before: the first 300 ms after the prompt, the rest 300 ms apart', async () => {
    const call = await pin('12#')
    expect(call).toHavePlayed('Got "12".')
    const { firstKey, collected } = timesOf(call.transcript.entries)
    expect(collected).toBe(firstKey + 2 * 300)
    const withGap = timesOf((await pin('12#', { gapMs: 1_000 })).transcript.entries)
    expect(withGap).toEqual({ firstKey, collected: firstKey + 2 * 1_000 })
  })
})
