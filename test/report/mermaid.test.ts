import { describe, expect, it } from 'vitest'
import { createIvrApp, exampleConfig } from '../../examples/webex-connect-pin-ivr/app.js'
import { callTo } from '../../src/index.js'
import { transcriptToMermaid } from '../../src/report/mermaid.js'
import type { Transcript } from '../../src/session/transcript.js'

const app = createIvrApp(exampleConfig())
const pin = () => callTo(app, { platform: 'webex-connect', webhookPath: '/webex/events', seed: 42 }).fromCaller('+14155550100').expectAction('ANSWER').expectAction('PLAY')

describe('call.toMermaid()', () => {
  it('draws caller, platform and app lanes with virtual times, prompts, keys and the app’s replies', async () => {
    const call = await pin().pressDigits('1234#').expectAction('PLAY').pressDigits('1').expectAction('PLAY').expectHangup()
    const lines = call.toMermaid().split('\n')
    expect(lines.slice(0, 6)).toEqual([
      'sequenceDiagram',
      '  participant C as Caller +14155550100',
      '  participant P as webex-connect',
      '  participant A as App',
      '  P->>A: 0.0s 1 ACCEPTED from +14155550100 to +14155550199',
      '  A-->>P: ANSWER',
    ])
    expect(lines).toContain('  P-->>C: 0.2s ♪ Welcome to Acme Bank. Please enter your PIN, followed by the hash key.')
    expect(lines).toContain('  C->>P: 5.7s ☎ presses 1234#35;')
    expect(lines).toContain('  P->>A: 6.9s 3 COLLECTED_DIGITS "1234" + #35;')
    expect(lines.at(-1)).toMatch(/^ {2}Note over C,A: [\d.]+s call ended by /)
  })

  it('marks the failing turn', async () => {
    const error = await pin()
      .pressDigits('1243#')
      .expectAction('PATCH')
      .then(
        () => undefined,
        (e: unknown) => e as { transcript: Transcript },
      )
    const text = transcriptToMermaid(error!.transcript, { turn: 3, reason: 'expected PATCH' })
    expect(text).toContain('  A-->>P: ✖ PLAY TTS "That PIN is not right. Please enter your PIN, foll…')
    expect(text).toContain('  Note over C,A: ✖ turn 3: expected PATCH')
  })
})
