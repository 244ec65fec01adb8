/**
 * Two menus that read and listen alike (same prompt, same collectInput) and take different keys
 * are one point of the graph to the explorer, as they are to a caller; but a key that plays the
 * same menu again is now followed by every input once more (QA-163 Q6). Before, the explorer
 * never pressed a key after the 1 that led to the submenu: its transfer on 2 was not in the
 * report, which showed the main menu's goodbye and a repeated prompt alone.
 */
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { cli } from '../cli/run-cli.js'
import { samePromptMenus } from './fixtures/same-prompt-menus.js'

describe('callspec explore: a submenu that reads as its parent', { timeout: 60_000 }, () => {
  it('reports the transfer behind it, with the steps that reach it', async () => {
    const server = createServer(samePromptMenus())
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const { code, out } = await cli(['explore', url, '--platform', 'webex-connect'])
      expect(code).toBe(0)
      expect(out).toMatch(/\n1\. \[transfer\] The call is transferred: PATCH → \+14155550142\.\n {3}steps: pressDigits\('1'\) → pressDigits\('2'\) {3}seed: \d+\n/)
      // The same menu, the same prompt: still a repeated prompt on 1, as before.
      expect(out).toContain('[repeated-prompt] On pressing 1, "Press 1 or 2." is played again word for word')
    } finally {
      server.close()
    }
  })
})
