/**
 * The explorer's own wrong utterance ("banana", saved as `other speech` with its words in the
 * edge's keys), said again by a run of the explorer's emitted scenarios, is that input wherever
 * the run's call then stopped. Measured (h208, the Python example's emitted scenarios): a path
 * that ends on the re-prompt after "banana" leaves the run's edge at an end node, not the menu the
 * explorer saw it reach, and the re-prompt menus showed `other speech ✗ … "banana" ✓`: the input
 * the explorer took counted as missed, and its words as an input of their own.
 */
import { describe, expect, it } from 'vitest'
import { callTo, explore } from '../../src/index.js'
import { computeCoverage } from '../../src/coverage/compute.js'
import { pathOf } from '../../src/graph/path.js'
import { tts, webexApp } from '../helpers/webex-apps.js'

const MENU = 'Welcome. Press 1 for hours. You can also say hours.'
const listen = { collectInput: { maxDigits: 1, digitTimeout: 5 }, streamInput: { timeout: 8, language: 'en-US' } }

function app() {
  return webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED') return { action: 'PLAY', audio: [tts(MENU)], ...listen }
    if (event.event === 'STREAMED') {
      if (String(event.text ?? '').toLowerCase().includes('hour')) return { action: 'PLAY', audio: [tts('Open 9 to 5. Goodbye.')] }
      return { action: 'PLAY', audio: [tts(`Sorry, I did not catch that. ${MENU}`)], ...listen }
    }
    if (event.event === 'COLLECTED_DIGITS') return { action: 'PLAY', audio: [tts('Open 9 to 5. Goodbye.')] }
    if (event.event === 'PLAYED') return { action: 'HANGUP' }
    return undefined
  })
}

describe("the explorer's wrong utterance in a run's coverage", () => {
  // A longer timeout: the explorer fits its calls into the test's, and on a loaded machine the default 5 s stopped it before the re-prompt.
  it('counts as other speech at the re-prompt where the call stopped, not as an input of its own', { timeout: 60_000 }, async () => {
    const explored = await explore(app(), { platform: 'webex-connect', maxDepth: 2 })
    const reprompt = explored.graph.nodes.find((n) => n.kind === 'menu' && n.label.startsWith('Sorry'))
    expect(reprompt, JSON.stringify(explored.graph)).toBeDefined()
    expect(explored.graph.edges.find((e) => e.from === reprompt!.id && e.input === 'other speech')?.keys).toEqual(['"banana"'])
    // As the emitted scenario "other speech → other speech" plays it: the call stops on the re-prompt.
    const call = await callTo(app(), { platform: 'webex-connect', warnings: 'silent', unconsumed: 'ignore' })
      .expectAction('ANSWER')
      .expectAction('PLAY')
      .say('banana')
      .expectAction('PLAY')
      .say('banana')
      .expectAction('PLAY')
    const report = computeCoverage([pathOf(call.transcript)], explored.graph)
    const menu = report.menus.find((m) => m.node.id === reprompt!.id)!
    expect(menu.covered).toContain('other speech')
    expect(menu.expected).not.toContain('"banana"')
  })
})
