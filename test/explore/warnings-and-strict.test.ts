import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { explore } from '../../src/index.js'
import { exploreCommand } from '../../src/explore/cli.js'
import { tempDir } from '../helpers/temp-dir.js'
import { cli } from '../cli/run-cli.js'

function sink() {
  let text = ''
  return { stream: { write: (s: string) => (text += s) }, text: () => text }
}

/** A Webex Connect app whose menu carries an unknown key: only strict (or the rule at error) fails it. */
const APP = `
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
export default app
`
const CONFIG = `
import app from './app.mjs'
export default { target: app, options: { platform: 'webex-connect', webhookPath: '/webex/events', %OPTIONS% maxCalls: 10 } }
`

/** The first finding's scenario replay, as printed (indented five spaces under "scenario (callspec run):"). */
function replayOf(report: string): string {
  const lines = report.split('\n')
  const from = lines.findIndex((l) => l.trim() === 'scenario (callspec run):')
  expect(from).toBeGreaterThan(-1)
  const body = []
  for (const line of lines.slice(from + 1)) {
    if (!line.startsWith('     ')) break
    body.push(line.slice(5))
  }
  return `${body.join('\n')}\n`
}

// audit h124: explored with strict: true, an inferred rule's app-error printed a scenario replay
// with no strict in it (a scenario file had no such setting): `callspec run` passed it. The replay
// now carries the exploration's strict and rules, and fails as the exploration did.
describe('callspec explore with strict or rules: the scenario replay carries them and reproduces the failure', { timeout: 60_000 }, () => {
  it('writes strict: true and rules: into the replay, and callspec run of it fails by the inferred rule', async () => {
    const dir = tempDir('explore-strict-replay')
    writeFileSync(join(dir, 'app.mjs'), APP)
    const run = async (name: string, options: string) => {
      const file = join(dir, `${name}.explore.mjs`)
      writeFileSync(file, CONFIG.replace('%OPTIONS%', options))
      const out = sink()
      expect(await exploreCommand([file], explore, out.stream, sink().stream)).toBe(0)
      return out.text()
    }
    const strict = await run('strict', 'strict: true,')
    expect(strict).toContain('[app-error] The call fails: [callspec] turn 2, untilListening(): callspec failed the app\'s answer to ANSWERED by a rule it inferred')
    const replay = replayOf(strict)
    expect(replay).toContain('\nstrict: true\n')
    // The replay as a scenario file, run against the same app: it fails as the exploration did.
    writeFileSync(join(dir, 'replay.yaml'), replay)
    const replayed = await cli(['run', join(dir, 'replay.yaml'), '--app', join(dir, 'app.mjs')])
    expect(replayed.code).toBe(1)
    expect(replayed.out).toContain("callspec failed the app's answer to ANSWERED by a rule it inferred, not one Webex Connect documents: webex-connect/unknown-keys, at error under strict: true")
    const rules = await run('rules', "rules: { 'webex-connect/unknown-keys': 'error' },")
    expect(replayOf(rules)).toContain('\nrules:\n  webex-connect/unknown-keys: error\n')
    // Without them, no finding (the unknown key only warns) and nothing of either said.
    const plain = await run('plain', '')
    expect(plain).toContain('  no findings')
    expect(plain).not.toMatch(/^\s*(strict|rules):/m)
  })
})

// audit h124: an inferred rule's warning on a common path was printed to stderr once per call the
// explorer placed (15 calls, 15 copies with their paragraph of advice), and not in the report.
describe('callspec explore: the calls\' warnings', { timeout: 60_000 }, () => {
  it('are listed once in the report, labelled as no findings, and not printed call by call', async () => {
    const dir = tempDir('explore-warnings')
    writeFileSync(join(dir, 'app.mjs'), APP)
    const file = join(dir, 'plain.explore.mjs')
    writeFileSync(file, CONFIG.replace('%OPTIONS%', ''))
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const out = sink()
      expect(await exploreCommand([file], explore, out.stream, sink().stream)).toBe(0)
      expect(warn).not.toHaveBeenCalled()
      expect(out.text()).toContain(
        '\nwarnings (1, each once): not findings, rules at warn that fail no call; "inferred" marks callspec\'s own reading where the vendor is silent, not a vendor error\n' +
          '  ⚠ the app\'s answer to ANSWERED: Unrecognized key: "colour" (received "blue"): ignored, as callspec assumes the vendor does with keys it does not know (rule webex-connect/unknown-keys, inferred)',
      )
    } finally {
      warn.mockRestore()
    }
  })
})
