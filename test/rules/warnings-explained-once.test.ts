/**
 * What a warning is and how to tune it is said with a platform's first printed warnings in a test
 * file, not under every call (helper-125: one harmless quirk printed the same 3-line paragraph in
 * every test of a suite, which teaches people to ignore stderr). Each call still prints its own
 * warnings, with its turn and rule.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { callTo } from '../../src/index.js'
import { answering, tts } from '../helpers/webex-apps.js'
import { scriptApp, serve } from '../drivers/voxology/helpers.js'

const EXPLAINED = 'A warning is a rule that does not fail the call at its level'
/** A PLAY with a key Webex Connect does not know: warns under webex-connect/unknown-keys. */
const webex = () =>
  callTo(answering({ action: 'PLAY', audio: [tts('Hi.')], volume: 3 }), { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
const voxology = () =>
  callTo(scriptApp({ '/': serve([{ type: 'SAY', params: { text: 'Hello.', voice: 'alice' } }, { type: 'HANGUP' }]) }).app, { platform: 'voxology' }).expectAction('SAY').expectAction('HANGUP')

afterEach(() => {
  vi.restoreAllMocks()
})

describe('printed warnings', () => {
  it("explain themselves once a platform, and each call's own are still printed", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const first = await webex()
    const second = await webex()
    const other = await voxology()
    const printed = warn.mock.calls.map((c) => String(c[0]))
    expect(printed).toHaveLength(3)
    expect(printed[0]).toContain(first.warnings[0])
    expect(printed[0]).toContain(`${EXPLAINED}`)
    expect(printed[0]).toContain("callspec's drivers/webex-connect/behaviour.md")
    expect(printed[1]).toContain(second.warnings[0])
    expect(printed[1]).not.toContain(EXPLAINED)
    expect(printed[1]!.split('\n')).toHaveLength(2)
    expect(printed[2]).toContain(other.warnings[0])
    expect(printed[2]).toContain("callspec's drivers/voxology/behaviour.md")
  })
})
