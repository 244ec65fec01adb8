import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { computeCoverage } from '../../src/coverage/compute.js'
import { edgeKey } from '../../src/graph/graph-builder.js'
import { graphToSvg } from '../../src/graph/graph-svg.js'
import { pathOf } from '../../src/graph/path.js'
import { webexApp } from '../helpers/webex-apps.js'

/** A one-key menu: 1 hangs up with a goodbye; anything else plays the menu again. */
const app = webexApp((event) => {
  if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
  if (event.event === 'COLLECTED_DIGITS' && event.digitsReceived === '1') return { action: 'HANGUP' }
  return { action: 'PLAY', audio: [{ type: 'TTS', text: 'Press 1 to leave.' }], collectInput: { maxDigits: 1 } }
})

// newcomer audit-119: the HTML report drew the hang-up a call took at a menu dashed red, as an input no call took.
describe('a caller hanging up at a menu, in the coverage', () => {
  it('is drawn as taken, and counts in no figure', async () => {
    const options = { platform: 'webex-connect', warnings: 'silent' } as const
    const pressed = await callTo(app, options).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').expectAction('HANGUP')
    const hungUp = await callTo(app, options).expectAction('ANSWER').expectAction('PLAY').untilListening().hangUp()
    const report = computeCoverage([pathOf(pressed.transcript), pathOf(hungUp.transcript)])
    const hangup = report.graph.edges.find((e) => e.input === 'hangup')
    expect(hangup).toBeDefined()
    expect(report.coveredEdges).toContain(edgeKey(hangup!))
    // The figures count the menu's inputs only (the key its prompt offers, a wrong key, the timeout), not the hang-up.
    expect(report.menus.map((m) => [m.expected, m.covered])).toEqual([[['1', 'invalid', 'timeout'], ['1']]])
    const svg = graphToSvg(report.graph, { covered: new Set(report.coveredEdges) })
    expect(svg).toMatch(/<text [^>]*fill="#16a34a"[^>]*>hangup<\/text>/)
    // The inputs no call took are red; the hang-up is not among them.
    expect(svg).not.toMatch(/fill="#dc2626"[^>]*>hangup</)
  })
})
