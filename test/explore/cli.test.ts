import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { explore } from '../../src/index.js'
import { exploreCommand } from '../../src/explore/cli.js'

function sink() {
  let text = ''
  return { stream: { write: (s: string) => (text += s) }, text: () => text }
}

describe('callspec explore', { timeout: 120_000 }, () => {
  it('explores a config module, prints the findings with steps and seeds, and writes graph, flowchart and suite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'callspec-explore-cli-'))
    const out = sink()
    const err = sink()
    const code = await exploreCommand(
      ['examples/explorer/planted.explore.ts', '--graph', join(dir, 'g.json'), '--mermaid', join(dir, 'g.mmd'), '--emit', join(dir, 'planted.test.ts')],
      explore,
      out.stream,
      err.stream,
    )
    expect(err.text()).toBe('')
    expect(code).toBe(0)
    expect(out.text()).toMatch(/^callspec explore \(webex-connect\): \d+ calls, 4 menus, \d+ nodes, \d+ edges, depth \d+, [\d.]+ s\n/)
    expect(out.text()).toMatch(/\d+\. \[app-error\] The call fails: .*HTTP 500/)
    expect(out.text()).toMatch(/ {3}steps: pressDigits\('2'\) → pressDigits\('1'\) {3}seed: \d+\n {3}replay: callTo\(app, \{ platform: 'webex-connect', seed: \d+/)
    expect(out.text()).toContain('[dead-end] No input at "The help desk is closed.')
    expect(out.text()).toContain('[endless-loop] A caller who says nothing at "Acme Utilities.')
    expect(JSON.parse(readFileSync(join(dir, 'g.json'), 'utf8'))).toMatchObject({ platform: 'webex-connect', nodes: expect.any(Array), edges: expect.any(Array) })
    expect(readFileSync(join(dir, 'g.mmd'), 'utf8')).toMatch(/^flowchart TD\n/)
    const suite = readFileSync(join(dir, 'planted.test.ts'), 'utf8')
    expect(suite).toContain(`import { exploredCall } from 'callspec'`)
    expect(suite).toMatch(/import config from '\.\.?\/.*examples\/explorer\/planted\.explore\.js'/)
  })

  it('needs --platform for a URL, and says how to call it', async () => {
    const err = sink()
    expect(await exploreCommand(['http://127.0.0.1:9/ivr'], explore, sink().stream, err.stream)).toBe(2)
    expect(err.text()).toMatch(/^callspec explore: a URL target needs --platform\.\nUsage:/)
  })

  it('rejects a hint without a value', async () => {
    const err = sink()
    expect(await exploreCommand(['examples/explorer/planted.explore.ts', '--hint', 'PIN'], explore, sink().stream, err.stream)).toBe(2)
    expect(err.text()).toBe(`callspec explore: --hint takes prompt=value, e.g. '/PIN/i=1234#'; got "PIN"\n`)
  })
})
