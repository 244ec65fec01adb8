import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { explore } from '../../src/index.js'
import { exploreCommand } from '../../src/explore/cli.js'
import { tempDir } from '../helpers/temp-dir.js'

function sink() {
  let text = ''
  return { stream: { write: (s: string) => (text += s) }, text: () => text }
}

/** A Webex Connect app whose menu carries an unknown key: only strict (or the rule at error) fails it. */
const CONFIG = `
const menu = JSON.stringify({ action: 'PLAY', audio: [{ type: 'TTS', text: 'Press 1.' }], collectInput: { maxDigits: 1 }, colour: 'blue' })
function app(req, res) {
  let body = ''
  req.on('data', (c) => (body += c))
  req.on('end', () => {
    const { event } = JSON.parse(body)
    res.setHeader('content-type', 'application/json')
    if (event === 'ACCEPTED') return res.end('{"action":"ANSWER"}')
    if (event === 'ANSWERED') return res.end(menu)
    if (event === 'DROPPED') return res.end()
    res.end('{"action":"HANGUP"}')
  })
}
export default { target: app, options: { platform: 'webex-connect', webhookPath: '/webex/events', %OPTIONS% maxCalls: 10 } }
`

// audit h124: explored with strict: true, an inferred rule's app-error printed a scenario replay
// with no strict in it (a scenario file has no such setting): callspec run passed it, unremarked.
describe('callspec explore with strict: the scenario replay says it runs at the default levels', { timeout: 60_000 }, () => {
  it('notes strict and rules in the printed scenario file, and nothing without them', async () => {
    const dir = tempDir('explore-strict-replay')
    const run = async (name: string, options: string) => {
      const file = join(dir, `${name}.explore.mjs`)
      writeFileSync(file, CONFIG.replace('%OPTIONS%', options))
      const out = sink()
      expect(await exploreCommand([file], explore, out.stream, sink().stream)).toBe(0)
      return out.text()
    }
    const strict = await run('strict', 'strict: true,')
    expect(strict).toContain('[app-error] The call fails: [callspec] turn 2, untilListening(): callspec failed the app\'s answer to ANSWERED by a rule it inferred')
    expect(strict).toContain(
      '   scenario (callspec run):\n' +
        '     # This exploration ran with strict: true, which a scenario file cannot set: callspec run plays this call\n' +
        "     # at each rule's default level, where a rule callspec inferred only warns, so a failure by one does not\n" +
        '     # reproduce here; the TypeScript replay keeps them.\n' +
        '     platform: webex-connect\n',
    )
    const rules = await run('rules', "rules: { 'webex-connect/unknown-keys': 'error' },")
    expect(rules).toContain('     # This exploration ran with rules (webex-connect/unknown-keys), which a scenario file cannot set')
    const plain = await run('plain', '')
    expect(plain).not.toContain('This exploration ran with')
  })
})

// audit h124: an inferred rule's warning on a common path was printed to stderr once per call the
// explorer placed (15 calls, 15 copies with their paragraph of advice), and not in the report.
describe('callspec explore: the calls\' warnings', { timeout: 60_000 }, () => {
  it('are listed once in the report, labelled as no findings, and not printed call by call', async () => {
    const file = join(tempDir('explore-warnings'), 'plain.explore.mjs')
    writeFileSync(file, CONFIG.replace('%OPTIONS%', ''))
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const out = sink()
      expect(await exploreCommand([file], explore, out.stream, sink().stream)).toBe(0)
      expect(warn).not.toHaveBeenCalled()
      expect(out.text()).toContain(
        '\nwarnings (1, each once): not findings, rules at warn that fail no call; "inferred" marks callspec\'s own reading where the vendor is silent, not a vendor error\n' +
          '  ⚠ the app\'s answer to ANSWERED: Unrecognized key: "colour" (received "blue"): ignored, as callspec assumes the vendor does with keys it does not know (rule webex-connect/unknown-keys (inferred: not documented))',
      )
    } finally {
      warn.mockRestore()
    }
  })
})
