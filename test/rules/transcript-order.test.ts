import { afterEach, describe, expect, it } from 'vitest'
import { callTo, onCallFinished, Transcript, type FinishedCall } from '../../src/index.js'
import { answering, tts } from '../helpers/webex-apps.js'
import { outOfOrder } from './transcript-order.js'

let stop: (() => void) | undefined
afterEach(() => stop?.())

const header = { platform: 'webex-connect', seed: 1, parties: { direction: 'inbound' as const, from: '+1', to: '+2' } }

describe('transcripts are in virtual-time order', () => {
  it('an entry recorded ahead of time (a key press at the end of its prompt) stays after what happens before it', () => {
    const t = new Transcript(header)
    t.add({ kind: 'note', turn: 1, at: 0, text: 'prompt starts' })
    t.add({ kind: 'caller', turn: 1, at: 5_000, text: 'presses 1' })
    t.add({ kind: 'note', turn: 1, at: 4_000, text: 'playfinished' })
    t.add({ kind: 'note', turn: 1, at: 5_000, text: 'same instant, later' })
    expect(t.entries.map((e) => e.at)).toEqual([0, 4_000, 5_000, 5_000])
    expect(t.entries.map((e) => (e.kind === 'caller' ? e.text : e.kind === 'note' ? e.text : ''))).toEqual(['prompt starts', 'playfinished', 'presses 1', 'same instant, later'])
    expect(outOfOrder(t)).toBeUndefined()
  })

  it('the check names the first entry out of order', () => {
    const t = new Transcript(header)
    t.entries.push({ kind: 'note', turn: 1, at: 10, text: 'a' }, { kind: 'note', turn: 1, at: 5, text: 'b' })
    expect(outOfOrder(t)).toBe('transcript out of time order: entry 1 (note at 5 ms) follows entry 0 (note at 10 ms)')
  })

  it('every finished call reaches onCallFinished with its transcript and warnings (the examples project checks each)', async () => {
    const seen: FinishedCall[] = []
    stop = onCallFinished((call) => seen.push(call))
    await callTo(answering({ action: 'PLAY', audio: [tts('Hello.')], collectInput: { maxDigits: 1 } }), { platform: 'webex-connect' })
      .expectAction('ANSWER')
      .expectAction('PLAY')
      .pressDigits('1')
      .expectAction('HANGUP')
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ failed: false, warnings: [] })
    expect(outOfOrder(seen[0]!.transcript)).toBeUndefined()
  })
})
