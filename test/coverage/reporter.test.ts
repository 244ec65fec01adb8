import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp-dir.js'

/**
 * Runs the example suite under vitest in a child process, with the coverage reporter and `thresholds`:
 * the built callspec's setup file and reporter (dist/) where it is fresh, else the sources
 * (test/helpers/nested-vitest.ts).
 */
function runSuite(thresholds: object, graph?: string, include?: string): Promise<{ code: number | null; output: string; out: string }> {
  const out = tempDir('cov-test')
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/coverage/fixture/vitest.config.ts'], {
      env: { ...process.env, TEST_THRESHOLDS: JSON.stringify(thresholds), TEST_OUT: out, TEST_GRAPH: graph, TEST_INCLUDE: include, VITEST_POOL_ID: undefined, VITEST_WORKER_ID: undefined, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('close', (code) => resolve({ code, output, out }))
  })
}

// Each case runs a whole vitest in a child process: tens of seconds on a loaded machine.
describe('menu coverage over the Webex Connect example suite', { timeout: 180_000 }, () => {
  it('reports per menu which inputs were exercised, and passes with a threshold below the actual coverage', async () => {
    const { code, output, out } = await runSuite({ edges: 50, nodes: 100 })
    expect(output).toContain('callspec menu coverage (')
    expect(output).toMatch(/ {2}Welcome to Acme Bank\. Please enter your PIN, followed by th…: 1234# ✓ 1111# ✓ 12 ✓ timeout ✓\n/)
    // 3 (leave a message) is offered, and no test presses it (audit-122: it was left out).
    expect(output).toMatch(/Thank you\. Press 1 for your balance, 2 to speak to an agent…: 2 ✓ 1 ✓ "I want to talk to an agent please" ✓ 3 ✗ invalid ✗ timeout ✗/)
    const summary = /menus (\d+)\/(\d+) \(([\d.]+)%\), inputs (\d+)\/(\d+) \(([\d.]+)%\)/.exec(output)!
    expect(Number(summary[6])).toBeGreaterThan(50)
    expect(Number(summary[6])).toBeLessThan(90)
    expect(output).not.toContain('does not meet the threshold')
    expect(code).toBe(0)
    const json = JSON.parse(readFileSync(join(out, 'menu-coverage.json'), 'utf8')) as { edges: { percent: number } }
    expect(json.edges.percent).toBe(Number(summary[6]))
    // Without a saved graph every edge drawn is one a call took, the callers' hang-ups included: all solid and green.
    const flowchart = readFileSync(join(out, 'menu-coverage.mmd'), 'utf8')
    expect(flowchart).toMatch(/^flowchart TD\n[\s\S]*-->\|"hangup"\|[\s\S]*linkStyle [\d,]+ stroke:#2a2/)
    expect(flowchart).not.toContain('-.->')
  })

  // `inputs`, as the report names it (newcomer audit-119: the reporter read only edges and nodes, and passed this run); the first case names it edges.
  it('fails the run with a threshold above the actual coverage, saying which and by how much', async () => {
    const { code, output } = await runSuite({ inputs: 90 })
    expect(output).toMatch(/ERROR: callspec menu coverage for inputs \([\d.]+%\) does not meet the threshold \(90%\)/)
    expect(output).toMatch(/Tests {2}\d+ passed/)
    expect(code).toBe(1)
  })

  it("fails the run before any test with a graph option that is not an explorer's saved graph, naming the file", async () => {
    const graph = join(tempDir('cov-graph'), 'ivr.graph.json')
    writeFileSync(graph, JSON.stringify({ nodes: [] }))
    const { code, output } = await runSuite({}, graph)
    expect(output).toContain(
      `CallspecUsageError: [callspec] the coverage reporter's graph option: ${graph} is not a graph saved by callspec explore --graph ({ platform, nodes, edges })`,
    )
    expect(output).not.toMatch(/Tests +\d+ passed/)
    expect(output).not.toContain('callspec menu coverage (')
    expect(code).toBe(1)
  })

  // newcomer audit-119: calls of two platforms were one report, the same-worded menu listed once per platform with no platform named.
  it('reports each platform its calls ran on apart, named, in files of their own, each against the thresholds', async () => {
    const { code, output, out } = await runSuite({ menus: 100 }, undefined, 'examples/webex-connect-pin-ivr/*.test.ts,examples/8x8-appointment-reminder/*.test.ts')
    const totals = [...output.matchAll(/ {2}menus \d+\/\d+ \([\d.]+%\), inputs \d+\/\d+ \([\d.]+%\) \[([\w-]+)\]\n {2}written to (.*)\/(menu-coverage-[\w-]+)\.\{json,mmd\}/g)]
    // By platform name, whichever file's calls came first.
    expect(totals.map((m) => [m[1], m[3]])).toEqual([
      ['8x8', 'menu-coverage-8x8'],
      ['webex-connect', 'menu-coverage-webex-connect'],
    ])
    const webex = JSON.parse(readFileSync(join(out, 'menu-coverage-webex-connect.json'), 'utf8')) as { menus: Array<{ node: { label: string } }> }
    const eightByEight = JSON.parse(readFileSync(join(out, 'menu-coverage-8x8.json'), 'utf8')) as { menus: Array<{ node: { label: string } }> }
    const labels = (report: typeof webex) => report.menus.map((m) => m.node.label)
    expect(labels(webex).some((l) => l.startsWith('Welcome to Acme Bank'))).toBe(true)
    expect(labels(eightByEight).some((l) => l.startsWith('Welcome to Acme Bank'))).toBe(false)
    // Both apps have an appointment reminder for City Dental: each in its own platform's report.
    expect(labels(webex).filter((l) => l.startsWith('Hello, this is City Dental'))).toHaveLength(1)
    expect(labels(eightByEight).some((l) => l.includes('citydental'))).toBe(true)
    expect(labels(eightByEight).some((l) => l.startsWith('Hello, this is City Dental'))).toBe(false)
    expect(output).not.toContain('does not meet the threshold')
    expect(code).toBe(0)
  })
})
