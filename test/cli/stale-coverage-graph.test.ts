/**
 * A --coverage-graph that does not describe the app the run called is said beside the coverage it
 * gave (QA-163 Q4). Before, both runs below printed their figures with no word of the graph: one
 * of another platform counted for nothing, and one saved from another menu added a menu no call
 * could reach ("menus 3/4 (75%)").
 */
import { readFileSync, writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, FIXTURES, startPinIvr } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

let url: string
let server: Server
beforeAll(async () => ({ url, server } = await startPinIvr()))
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** What `callspec explore --graph` saved of another IVR: one menu, "Press 1 or 2", no prompt of Acme Bank's. */
const otherMenu = (platform: string) => ({
  platform,
  nodes: [
    { id: 'start', kind: 'start', label: 'inbound call' },
    { id: 'm4f2e3958', kind: 'menu', label: 'Press 1 or 2', prompt: 'Press 1 or 2', action: 'PLAY', listening: 'digits (max 1, 5 s timeout)', digits: true, speech: false, maxDigits: 1 },
    { id: 'e20192f19', kind: 'end', label: '"Bye", then ended by app: HANGUP' },
  ],
  edges: [
    { from: 'start', to: 'm4f2e3958', input: 'call', kind: 'call', count: 1 },
    { from: 'm4f2e3958', to: 'e20192f19', input: '1', kind: 'digits', count: 1 },
  ],
})

const dir = tempDir('stale-graph')
async function runWith(graph: object, ...extra: string[]) {
  const file = join(dir, 'ivr.graph.json')
  writeFileSync(file, JSON.stringify(graph))
  return { file, ...(await cli(['run', `${FIXTURES}/pass.yaml`, '--target', url, '--coverage-dir', join(dir, 'coverage'), '--coverage-graph', file, ...extra])) }
}

describe('callspec run --coverage-graph with a graph of something else', () => {
  it('menus of the graph the run never heard, and menus the run heard the graph lacks: may be out of date', async () => {
    const { file, code, out } = await runWith(otherMenu('webex-connect'), '--reporter', 'pretty', '--reporter', `html:${join(dir, 'calls.html')}`)
    expect(code).toBe(0)
    const warning =
      `--coverage-graph ${file} may be out of date: 1 of its 1 menus match no prompt this run heard ("Press 1 or 2"), and the run reached 3 menu(s) it does not have ("Welcome to Acme Bank. Please enter your PIN, followed by th…", "Thank you. Press 1 for your balance, 2 to speak to an agent…", …). ` +
      'Was it saved for an earlier version of the app? Its menus no call reached count as not covered: save it again with callspec explore --graph.'
    expect(out).toContain(`\n  menus 3/4 (75%), inputs 5/12 (41.7%)\n  WARNING: ${warning}\n  written to `)
    const html = readFileSync(join(dir, 'calls.html'), 'utf8')
    expect(html).toContain(`<p style="color:#92400e"><strong>Warning:</strong> ${warning.replace(/"/g, '&quot;')}</p>`)
  })

  it('a graph of another platform: said not used', async () => {
    const { file, code, out } = await runWith(otherMenu('8x8'))
    expect(code).toBe(0)
    expect(out).toContain(`\n  menus 3/3 (100%), inputs 5/11 (45.5%)\n  WARNING: --coverage-graph ${file} is a graph of 8x8, and this run's calls are on webex-connect: it was not used (was it saved for another app?)\n  written to `)
  })

  it('a graph of the same app, reached in part: no warning', async () => {
    const { code, out } = await runWith({ platform: 'webex-connect', nodes: [{ id: 'start', kind: 'start', label: 'inbound call' }], edges: [] })
    expect(code).toBe(0)
    expect(out).not.toContain('WARNING')
  })
})
