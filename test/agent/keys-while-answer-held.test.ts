/**
 * An app under callspec/agent that holds its answer to COLLECTED_DIGITS on its own timer (a 2 s
 * lookup before the next question): the caller's next key lands at its own instant, ignored as
 * nothing is collecting then, as for the same app in the test's process
 * (test/dsl/keys-while-answer-pending.test.ts); and the same while its real I/O (a query to a server in
 * the test's process) holds it.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { appUnderAgent, queryServer } from './spawn-app.js'
import { typesTwoKeysWhileHeld } from '../helpers/second-key-flow.js'

const env = appUnderAgent('webex-connect', 'test/agent/fixtures/keys-app.mjs')

it('Webex Connect: "2" at 1.8 s, while the app under the agent looks up the account until 3.3 s, is ignored then; the next question times out', async () => {
  const call = await typesTwoKeysWhileHeld(callTo(`${env.app.url}/`, { platform: 'webex-connect', api: env.platform, appClock: env.agent, seed: 4, warnings: 'silent' }))
  expect(call.print()).toContain('1.3s  3 → COLLECTED_DIGITS   "1"\n       1.8s    · key 2 ignored: nothing is collecting digits\n       3.3s    · app timer 2 s → its answer to COLLECTED_DIGITS')
}, 60_000)

describe('while its real I/O holds the answer', () => {
  const port = queryServer(1_500)

  it('Webex Connect: "2" at 1.8 s, while the app under the agent awaits a 1.5 s query to another process, is ignored then; the next question times out', async () => {
    const call = await typesTwoKeysWhileHeld(callTo(`${env.app.url}/query/${port()}`, { platform: 'webex-connect', api: env.platform, appClock: env.agent, seed: 4, warnings: 'silent' }))
    const printed = call.print()
    expect(printed).toContain('1.3s  3 → COLLECTED_DIGITS   "1"\n       1.8s    · key 2 ignored: nothing is collecting digits')
    expect(call.prompts).toEqual(['One key.', 'Another key.', 'Second: none.'])
  }, 60_000)
})
