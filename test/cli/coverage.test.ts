import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { explore } from '../../src/index.js'
import { cli, FIXTURES, startPinIvr } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

let url: string
let server: Server
beforeAll(async () => ({ url, server } = await startPinIvr()))
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const fresh = () => tempDir('cli-coverage')
const run = (...extra: string[]) => cli(['run', `${FIXTURES}/pass.yaml`, '--target', url, ...extra])

/** What the two calls of pass.yaml (a right PIN then the balance; three wrong PINs) exercise of the Acme Bank IVR: the second menu's prompt offers 1, 2 and 3. */
const MENUS = [
  '  Welcome to Acme Bank. Please enter your PIN, followed by th…: 1234# ✓ 1111# ✓ timeout ✗',
  '  Thank you. Press 1 for your balance, 2 to speak to an agent…: 1 ✓ 2 ✗ 3 ✗ invalid ✗ timeout ✗',
  '  That PIN is not right. Please enter your PIN, followed by t…: 2222# ✓ 3333# ✓ timeout ✗',
  '  menus 3/3 (100%), inputs 5/11 (45.5%)',
].join('\n')

describe('callspec run --coverage', () => {
  it('prints the menu coverage of the run after the report and writes it as JSON and a flowchart', async () => {
    const dir = fresh()
    const { code, out } = await run('--coverage-dir', dir)
    expect(code).toBe(0)
    expect(out).toContain(`all passed, 2 passed, 2 call(s)`)
    expect(out).toContain(`\ncallspec menu coverage (2 calls)\n${MENUS}\n  written to ${dir}/menu-coverage.{json,mmd}\n`)
    const report = JSON.parse(readFileSync(join(dir, 'menu-coverage.json'), 'utf8')) as { edges: { covered: number; total: number }; graph: { platform: string } }
    expect(report.edges).toEqual({ covered: 5, total: 11, percent: 45.5 })
    expect(report.graph.platform).toBe('webex-connect')
    const flowchart = readFileSync(join(dir, 'menu-coverage.mmd'), 'utf8')
    expect(flowchart.startsWith('flowchart TD\n')).toBe(true)
    // The inputs the calls took, the call's start included, are drawn solid (green).
    expect(flowchart).toContain('start -->|"call"| ')
    expect(flowchart).toContain('\n  linkStyle 0,1,2,3,4,5 stroke:#2a2,stroke-width:2px\n')
  })

  it('passes a threshold below the coverage and fails one above it, saying which', async () => {
    const below = await run('--coverage-dir', fresh(), '--coverage-threshold', 'inputs=40', '--coverage-threshold', 'menus=100')
    expect(below.code).toBe(0)
    expect(below.out).not.toContain('ERROR')
    const above = await run('--coverage-dir', fresh(), '--coverage-threshold', 'inputs=60%')
    expect(above.code).toBe(1)
    expect(above.out).toContain('ERROR: callspec menu coverage for inputs (45.5%) does not meet the threshold (60%)\n')
  })

  it('junit, json and html say which threshold failed: a "callspec coverage" suite with a testcase per threshold, counted in the totals', async () => {
    // Before, the run exited 1 on a threshold while its JUnit report said tests="2" failures="0": CI's test tab green, the job red.
    const dir = fresh()
    const { code, out, err } = await run('--coverage-dir', dir, '--coverage-threshold', 'inputs=60', '--coverage-threshold', 'menus=100', '--reporter', 'pretty', '--reporter', `junit:${dir}/junit.xml`, '--reporter', `json:${dir}/calls.json`, '--reporter', `html:${dir}/calls.html`)
    const failure = 'callspec menu coverage for inputs (45.5%) does not meet the threshold (60%)'
    expect(out).toContain(`ERROR: ${failure}\n`)
    expect(err).toBe(`callspec: junit report written to ${dir}/junit.xml\ncallspec: json report written to ${dir}/calls.json\ncallspec: html report written to ${dir}/calls.html\n`)
    expect(code).toBe(1)

    expect(spawnSync('xmllint', ['--noout', '--schema', 'test/report/junit-10.xsd', `${dir}/junit.xml`], { encoding: 'utf8' }).stderr).toBe(`${dir}/junit.xml validates\n`)
    const junit = readFileSync(`${dir}/junit.xml`, 'utf8').replace(/timestamp="[^"]+"/g, 'timestamp="…"')
    expect(junit).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="callspec" tests="4" failures="1" errors="0" time="[\d.]+">\n/)
    expect(junit).toContain(
      [
        '  <testsuite name="callspec coverage" tests="2" failures="1" errors="0" skipped="0" time="0.000" timestamp="…">',
        '    <testcase name="menu coverage: inputs ≥ 60%" classname="callspec coverage" time="0.000">',
        `      <failure message="${failure}" type="CoverageThreshold">${failure}</failure>`,
        '    </testcase>',
        '    <testcase name="menu coverage: menus ≥ 100%" classname="callspec coverage" time="0.000">',
        '      <system-out>callspec menu coverage for menus (100%) meets the threshold (100%)</system-out>',
        '    </testcase>',
        '  </testsuite>',
      ].join('\n'),
    )

    const json = JSON.parse(readFileSync(`${dir}/calls.json`, 'utf8')) as Record<string, unknown>
    expect(json).toMatchObject({ total: 2, passed: 2, failed: 0 })
    expect(json.coverageThresholds).toEqual([
      { platform: 'webex-connect', metric: 'inputs', threshold: 60, percent: 45.5, met: false, failure },
      { platform: 'webex-connect', metric: 'menus', threshold: 100, percent: 100, met: true, failure: null },
    ])

    const html = readFileSync(`${dir}/calls.html`, 'utf8')
    expect(html).toContain('<title>callspec: coverage below threshold, all passed (2 calls)</title>')
    expect(html).toContain('<div class="counts"><span class="bad">coverage below threshold</span><span class="bad">0 failed</span>')
    expect(html).toContain(`<section class="call failed coverage"><h2>✖ Menu coverage below its threshold</h2><pre>${failure}</pre></section>`)
  })

  it('junit and json: thresholds all met are passed testcases; no threshold, no coverage suite', async () => {
    const dir = fresh()
    const met = await run('--coverage-dir', dir, '--coverage-threshold', 'inputs=40', '--reporter', `junit:${dir}/met.xml`, '--reporter', `json:${dir}/met.json`)
    expect(met.code).toBe(0)
    const junit = readFileSync(`${dir}/met.xml`, 'utf8')
    expect(junit).toMatch(/<testsuites name="callspec" tests="3" failures="0" errors="0" time="[\d.]+">/)
    expect(junit).toMatch(/<testsuite name="callspec coverage" tests="1" failures="0" errors="0" skipped="0" time="0.000" timestamp="[^"]+">/)
    expect((JSON.parse(readFileSync(`${dir}/met.json`, 'utf8')) as { coverageThresholds: unknown[] }).coverageThresholds).toHaveLength(1)
    const none = await run('--coverage-dir', dir, '--reporter', `junit:${dir}/none.xml`, '--reporter', `json:${dir}/none.json`)
    expect(none.code).toBe(0)
    expect(readFileSync(`${dir}/none.xml`, 'utf8')).not.toContain('callspec coverage')
    expect(JSON.parse(readFileSync(`${dir}/none.json`, 'utf8'))).toMatchObject({ coverageThresholds: [] })
  })

  it('says no menu was reached when every call fails at its first turn, never 0/0 (100%), and fails a threshold', async () => {
    const down = createServer((_req, res) => res.writeHead(500).end('boom'))
    down.listen(0, '127.0.0.1')
    await once(down, 'listening')
    try {
      const dir = fresh()
      const target = `http://127.0.0.1:${(down.address() as AddressInfo).port}`
      const { code, out } = await cli(['run', `${FIXTURES}/pass.yaml`, '--target', target, '--coverage-dir', dir, '--coverage-threshold', 'menus=50'])
      expect(out).toContain(
        '\ncallspec menu coverage (2 calls)\n  no menu reached: no call got to a point where the platform listened for input\n' +
          `  written to ${dir}/menu-coverage.{json,mmd}\n` +
          'ERROR: callspec menu coverage for menus: no menu reached: no call got to a point where the platform listened for input, so the threshold (50%) is not met\n',
      )
      expect(out).not.toContain('100%')
      expect(JSON.parse(readFileSync(join(dir, 'menu-coverage.json'), 'utf8'))).toMatchObject({ nodes: { total: 0, covered: 0, percent: 0 } })
      expect(code).toBe(1)
    } finally {
      await new Promise((resolve) => down.close(resolve))
    }
  })

  it('keeps stdout for a machine-readable report: the coverage goes to stderr', async () => {
    const { code, out, err } = await run('--coverage-dir', fresh(), '--reporter', 'json')
    expect(code).toBe(0)
    expect(() => JSON.parse(out)).not.toThrow()
    expect(err).toContain(`callspec menu coverage (2 calls)\n${MENUS}\n`)
  })

  it('refuses a threshold it cannot read', async () => {
    const { code, err } = await run('--coverage-threshold', 'branches=80')
    expect(code).toBe(2)
    expect(err).toContain('callspec run: --coverage-threshold is inputs=<percent> or menus=<percent>, such as inputs=80; got "branches=80"')
  })
})

describe('callspec run --coverage: failed calls', () => {
  it('draws each distinct failure as its own node, labelled with the failure’s headline', async () => {
    const dir = fresh()
    const { code } = await cli(['run', `${FIXTURES}/two-failures.yaml`, '--target', url, '--coverage-dir', dir, '--reporter', 'pretty', '--reporter', `html:${dir}/calls.html`])
    expect(code).toBe(1)
    const flowchart = readFileSync(join(dir, 'menu-coverage.mmd'), 'utf8')
    const failures = [...flowchart.matchAll(/^ {2}(f[0-9a-f]{8})\{\{"(.*)"\}\}$/gm)].map((m) => ({ id: m[1], label: m[2] }))
    // Numbers folded to # as in the menus' labels, so a rerun's failure is the same node.
    expect(failures.map((f) => f.label)).toEqual([
      '✖ expected action PATCH { dialedNumber: #quot;##quot; }, got PLAY TTS #quot;That PIN is not righ…',
      '✖ expected action HANGUP, got PLAY TTS #quot;Your balance is # Goodbye.#quot;',
    ])
    expect(new Set(failures.map((f) => f.id)).size).toBe(2)
    // Each failure hangs off the menu the call failed at.
    expect(flowchart).toContain(`|"1243#"| ${failures[0]!.id}\n`)
    expect(flowchart).toContain(`|"1"| ${failures[1]!.id}\n`)
    // The HTML report's graph: the same two boxes, each with its whole headline on hover.
    const html = readFileSync(join(dir, 'calls.html'), 'utf8')
    expect(html).toContain('<title>✖ expected action HANGUP, got PLAY TTS &quot;Your balance is # Goodbye.&quot;</title>')
    expect(html).not.toContain('[object Object]')
  })
})

describe('callspec run --reporter html', () => {
  it('includes the menu coverage table and the call graph, covered inputs solid and the others dashed', async () => {
    const dir = fresh()
    const { code } = await run('--reporter', `html:${dir}/calls.html`)
    expect(code).toBe(0)
    const html = readFileSync(join(dir, 'calls.html'), 'utf8')
    const start = html.indexOf('<section class="extra"><h2>Menu coverage and call graph (webex-connect)</h2>')
    const panel = html.slice(start, html.indexOf('<section class="call', start))
    expect(panel).toContain('<p>2 call(s): menus 3/3 (100%), inputs 5/11 (45.5%).')
    expect(panel).toContain('<span class="hit">1234# ✓</span> <span class="hit">1111# ✓</span> <span class="miss">timeout ✗</span>')
    const svg = panel.slice(panel.indexOf('<svg'), panel.indexOf('</svg>') + 6)
    expect(svg).toContain('aria-label="Call graph: ')
    // Every input a call took is drawn once, solid green: the call itself, then 5 inputs.
    expect(svg.match(/stroke="#16a34a" stroke-width="1.5" marker-end/g)).toHaveLength(6)
    expect(svg).not.toContain('stroke-dasharray')
    // The wrong-PIN retries loop back to the same menu: drawn as a curve on the right.
    expect(svg.match(/<path d="M[^"]*" fill="none"/g)).toHaveLength(1)
    expect(svg).toContain("<title>Welcome to Acme Bank. Please enter your PIN, followed by the hash key.</title>Welcome to Acme Bank.…</text>")
    expect(panel).toContain('<summary>Mermaid source</summary>')
  })
})

describe('callspec run --coverage-graph', () => {
  it("takes the explorer's graph as what must be covered: its inputs count, and the HTML draws the ones no call took dashed", { timeout: 120_000 }, async () => {
    const dir = fresh()
    const explored = await explore(url, { platform: 'webex-connect', webhookPath: '/webex/events', hints: { '/PIN/i': '1234#' }, maxDepth: 3 })
    writeFileSync(join(dir, 'ivr.graph.json'), JSON.stringify(explored.graph))
    const { code, out } = await run('--coverage-dir', dir, '--coverage-graph', join(dir, 'ivr.graph.json'), '--reporter', 'pretty', '--reporter', `html:${dir}/calls.html`)
    expect(code).toBe(0)
    // The explorer found the agent option (2) and the timeout at the second menu; pass.yaml takes neither.
    expect(out).toMatch(/\n {2}Thank you\. Press 1 for your balance, 2 to speak to an agent…: (.* )?1 ✓ (.* )?2 ✗/)
    const edges = (JSON.parse(readFileSync(join(dir, 'menu-coverage.json'), 'utf8')) as { edges: { covered: number; total: number } }).edges
    expect(edges.total).toBeGreaterThan(9)
    expect(edges.covered).toBeLessThan(edges.total)
    const html = readFileSync(join(dir, 'calls.html'), 'utf8')
    expect(html).toContain('<span class="miss">2 ✗</span>')
    expect(html).toMatch(/stroke="#dc2626" stroke-width="1\.5" stroke-dasharray="5 4"/)
  })

  // h201: the explorer says "banana" where speech is taken (no hint gave words): the graph's `other
  // speech` leads to "Sorry, I did not understand". A scenario's "I want an agent", which led to
  // the agent, was counted as that input: `other speech ✓`, though no call was misunderstood, and
  // the agent branch was nowhere in the coverage.
  it('counts words that went elsewhere than the explorer\'s other speech as an input of their own, not as other speech', { timeout: 120_000 }, async () => {
    const dir = fresh()
    const explored = await explore(url, { platform: 'webex-connect', webhookPath: '/webex/events', hints: { '/PIN/i': '1234#' }, maxDepth: 2 })
    writeFileSync(join(dir, 'ivr.graph.json'), JSON.stringify(explored.graph))
    const { code, out } = await cli(['run', `${FIXTURES}/speech-agent.yaml`, '--target', url, '--coverage-dir', dir, '--coverage-graph', join(dir, 'ivr.graph.json')])
    expect(code).toBe(0)
    const menu = /\n {2}Thank you\. Press 1 for your balance, 2 to speak to an agent…: (.*)\n/.exec(out)![1]!
    expect(menu).toContain('other speech ✗')
    expect(menu).toContain('"I want an agent" ✓')
  })

  // h201: the menu after the PIN leads in with "Thank you." and the app's retry with "Sorry, that
  // is not an option.": the retry did not hold the whole menu prompt, so 7 was taken for an option
  // the prompt does not name (`7 ✓ … invalid ✗`), where the retry repeats every key it offers.
  it('counts a wrong key as the menu\'s invalid input when the retry repeats the sentences that offer keys, not the lead-in', async () => {
    const dir = fresh()
    const { code, out } = await cli(['run', `${FIXTURES}/wrong-key-after-pin.yaml`, '--target', url, '--coverage-dir', dir])
    expect(code).toBe(0)
    expect(out).toContain('\n  Thank you. Press 1 for your balance, 2 to speak to an agent…: 1 ✗ 2 ✗ 3 ✗ invalid ✓ timeout ✗\n')
  })

  // h201: with a saved graph, a menu no call got to (a prompt never played) read like a reached menu
  // whose inputs no call tried: all ✗, nothing else. A QA lead asks for the prompts never played.
  it('says which menus of the saved graph no call reached, in the terminal and the HTML report', { timeout: 120_000 }, async () => {
    const dir = fresh()
    const explored = await explore(url, { platform: 'webex-connect', webhookPath: '/webex/events', hints: { '/PIN/i': '1234#' }, maxDepth: 3 })
    writeFileSync(join(dir, 'ivr.graph.json'), JSON.stringify(explored.graph))
    const { code, out } = await run('--coverage-dir', dir, '--coverage-graph', join(dir, 'ivr.graph.json'), '--reporter', 'pretty', '--reporter', `html:${dir}/calls.html`)
    expect(code).toBe(0)
    // pass.yaml never stays silent at the PIN prompt: the app's "I did not get your PIN" never plays.
    expect(out).toMatch(/\n {2}I did not get your PIN\. Please enter your PIN, followed by …: .* \(never reached: no call heard this prompt\)\n/)
    expect(out).not.toMatch(/\n {2}Welcome to Acme Bank\.[^\n]*never reached/)
    const html = readFileSync(join(dir, 'calls.html'), 'utf8')
    expect(html).toMatch(/<td>I did not get your PIN\. Please enter your PIN, followed by …<\/td><td>.*<em class="miss"> \(never reached: no call heard this prompt\)<\/em><\/td><\/tr>/)
  })

  it('stops before any call when the graph cannot be read', async () => {
    const dir = fresh()
    writeFileSync(join(dir, 'not-a-graph.json'), '{"nodes": 3}')
    const { code, out, err } = await run('--coverage-graph', join(dir, 'not-a-graph.json'))
    expect(code).toBe(2)
    expect(out).toBe('')
    expect(err).toBe(`callspec run: --coverage-graph ${join(dir, 'not-a-graph.json')} is not a graph saved by callspec explore --graph ({ platform, nodes, edges })\n`)
  })
})
