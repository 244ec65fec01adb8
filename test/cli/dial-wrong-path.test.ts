import type { Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliProcess, startPinIvr } from './run-cli.js'

/**
 * helper-137 finding 04: `callspec dial` to an app whose route is not the platform's default path,
 * its --webhook-path forgotten (or wrong). The failure named `staySilent()`, dial's own opening wait
 * by its TypeScript method, a step the person at the keyboard never took, and its hint said to set
 * webhookPath in "the scenario file", which dial has none of: the fix is its --webhook-path option.
 */
let url: string
let server: Server
beforeAll(async () => ({ url, server } = await startPinIvr()))
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('callspec dial to a path the app does not serve', { timeout: 60_000 }, () => {
  it('without --webhook-path: names dial\'s opening wait, and says to give --webhook-path', async () => {
    const { code, out } = await cliProcess(['dial', url, '--platform', 'webex-connect'], { input: '1\n' })
    expect(out).toBe(
      `Calling ${url} on webex-connect from +14155550100 to +14155550199. Type keys, words, Enter to wait, /hangup to end.\n` +
        // What the app did and said leads (newcomer audit N4); dial prints the headline and its hints.
        `  ✖ [callspec] turn 1, dial's opening wait (before any input): the app answered ACCEPTED with HTTP 404: Cannot POST /\n` +
        `    Hint: is \`--webhook-path\` right? The first webhook went to ${url}/ and the app has no route there (this call used \`/\`, webex-connect's default). Give the path your app serves with --webhook-path /your/route.\n` +
        `  (that step was not taken)\n`,
    )
    expect(code).toBe(1)
  })

  it('with a wrong --webhook-path: says the path came from it', async () => {
    const { code, out } = await cliProcess(['dial', url, '--platform', 'webex-connect', '--webhook-path', '/webex/event'], { input: '1\n' })
    expect(out).toContain(
      `\n  ✖ [callspec] turn 1, dial's opening wait (before any input): the app answered ACCEPTED with HTTP 404: Cannot POST /webex/event\n` +
        `    Hint: is \`--webhook-path\` right? The first webhook went to ${url}/webex/event and the app has no route there (this call used \`/webex/event\`, from your --webhook-path; webex-connect's default is \`/\`). Give the path your app serves with --webhook-path /your/route.\n` +
        `  (that step was not taken)\n`,
    )
    expect(code).toBe(1)
  })
})
