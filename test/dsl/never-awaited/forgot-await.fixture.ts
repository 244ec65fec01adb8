import { it } from 'vitest'
import { callTo } from '../../../src/index.js'

it('creates a call and forgets to await it', () => {
  void callTo(() => {}, { platform: 'webex-connect' }).expectAction('ANSWER')
})
