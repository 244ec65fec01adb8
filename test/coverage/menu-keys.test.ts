import { readFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli } from '../cli/run-cli.js'
import { startAcmeMenu } from './acme-menu-app.js'
import { tempDir } from '../helpers/temp-dir.js'

// The audit's B6 (helper-68): `callspec run --coverage` over a Webex Connect menu served over HTTP,
// "Press 1 for your balance, or 2 to speak to an agent", where a scenario presses 7 and is
// re-prompted. Before, the report read
//   Welcome to Acme. Press # for your balance, or # to speak to…: 7 ✓ 1 ✓ 0 ✓ invalid ✗ timeout ✗
// the invalid branch the scenario tests unticked, and which key is which folded away.

let url: string
let server: Server
beforeAll(async () => ({ url, server } = await startAcmeMenu()))
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const FIXTURE = 'test/coverage/fixture'
const fresh = () => tempDir('menu-keys')

interface Json {
  menus: Array<{ node: { label: string; prompt: string }; expected: string[]; covered: string[] }>
}

describe('menu coverage without a saved graph: the keys a prompt offers', () => {
  it('counts a key the prompt does not offer as the menu’s invalid input, and labels keep the keys (text, JSON, HTML)', async () => {
    const dir = fresh()
    const { code, out } = await cli(['run', `${FIXTURE}/acme-menu.yaml`, '--target', url, '--coverage-dir', dir, '--reporter', 'pretty', '--reporter', `html:${dir}/calls.html`])
    expect(code).toBe(0)
    expect(out).toContain(
      [
        'callspec menu coverage (3 calls)',
        // 7 is invalid (not offered, the menu played again); 0 is not offered either, but the app
        // transferred the call: an option the prompt does not name, kept as its own input. 2 is
        // offered and no call pressed it (audit-122: it was left out, the menu looked all covered).
        '  Welcome to Acme. Press 1 for your balance, or 2 to speak to…: 1 ✓ 0 ✓ 2 ✗ invalid ✓ timeout ✗',
        '  Sorry, that is not a valid option. Welcome to Acme. Press 1…: 1 ✗ 2 ✗ invalid ✗ timeout ✗',
        // The amount stays folded; 1, which plays this menu again, is offered: its own input.
        '  Your balance is # Press 1 to hear it again, or 9 to go back.: 1 ✓ 9 ✓ invalid ✗ timeout ✗',
        '  menus 3/3 (100%), inputs 5/13 (38.5%)',
        `  written to ${dir}/menu-coverage.{json,mmd}`,
      ].join('\n'),
    )
    const json = JSON.parse(readFileSync(join(dir, 'menu-coverage.json'), 'utf8')) as Json
    expect(json.menus[0]).toMatchObject({
      node: { label: 'Welcome to Acme. Press 1 for your balance, or 2 to speak to…', prompt: 'Welcome to Acme. Press 1 for your balance, or 2 to speak to an agent.' },
      expected: ['1', '0', '2', 'invalid', 'timeout'],
      covered: ['1', '0', 'invalid'],
    })
    const html = readFileSync(join(dir, 'calls.html'), 'utf8')
    expect(html).toContain(
      '<tr><td>Welcome to Acme. Press 1 for your balance, or 2 to speak to…</td><td><span class="hit">1 ✓</span> <span class="hit">0 ✓</span> <span class="miss">2 ✗</span> <span class="hit">invalid ✓</span> <span class="miss">timeout ✗</span></td></tr>',
    )
    expect(readFileSync(join(dir, 'menu-coverage.mmd'), 'utf8')).toContain('["Welcome to Acme. Press 1 for your balance, or 2 to speak to…"]')
  })

  it('keeps a key as its own input where the prompt names no key', async () => {
    const dir = fresh()
    const { code, out } = await cli(['run', `${FIXTURE}/plain-menu.yaml`, '--target', url, '--coverage-dir', dir])
    expect(code).toBe(0)
    expect(out).toContain(
      [
        'callspec menu coverage (1 call)', // not "1 calls" (h201)
        '  Welcome to Acme. Please make your choice now.: 7 ✓ invalid ✗ timeout ✗',
        '  Sorry. Welcome to Acme. Please make your choice now.: invalid ✗ timeout ✗',
        '  menus 2/2 (100%), inputs 1/5 (20%)',
      ].join('\n'),
    )
  })
})

describe('menu coverage against a graph saved before labels kept the menu keys', () => {
  // acme-menu.saved-before-key-labels.graph.json: `callspec explore`'s graph of this app, saved by
  // the version before (commit f2fbce3), its labels `Press # …`. The node ids did not change, so
  // its menus are the run's: 4 menus, not the run's 3 beside the saved 4.
  it("matches the saved menus, shows the run's labels where a call reached the menu and the saved ones elsewhere", async () => {
    const dir = fresh()
    const graph = `${FIXTURE}/acme-menu.saved-before-key-labels.graph.json`
    const { code, out } = await cli(['run', `${FIXTURE}/acme-menu.yaml`, '--target', url, '--coverage-dir', dir, '--coverage-graph', graph])
    expect(code).toBe(0)
    expect(out).toContain(
      [
        'callspec menu coverage (3 calls)',
        '  Welcome to Acme. Press 1 for your balance, or 2 to speak to…: 0 ✓ 1 ✓ 2 ✗ timeout ✗ invalid ✓',
        '  Your balance is # Press 1 to hear it again, or 9 to go back.: 1 ✓ 9 ✓ timeout ✗ invalid ✗',
        '  Sorry, that is not a valid option. Welcome to Acme. Press 1…: 0 ✗ 1 ✗ 2 ✗ timeout ✗ invalid ✗',
        // The one menu no call reached says so (h201), its ✗s a prompt never played.
        '  Sorry, I did not hear anything. Welcome to Acme. Press # fo…: 0 ✗ 1 ✗ 2 ✗ timeout ✗ invalid ✗ (never reached: no call heard this prompt)',
        '  menus 3/4 (75%), inputs 5/19 (26.3%)',
      ].join('\n'),
    )
  })
})
