import { expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { webexApp } from '../../helpers/webex-apps.js'

// The file's first call: it loads its libraries for a while before it runs (helper-20's case).
it('A: starts the first call of the file with then() and no await, and ends at once', () => {
  const hanging = webexApp((event) => (event.event === 'ACCEPTED' ? { action: 'ANSWER' } : () => {}))
  void callTo(hanging, { platform: 'webex-connect' })
    .expectAction('ANSWER')
    .expectAction('PLAY')
    .then((call) => expect(call.actions).toHaveLength(2))
})

it('B: an innocent test that takes a while', async () => {
  await new Promise((resolve) => setTimeout(resolve, 1_000))
})
