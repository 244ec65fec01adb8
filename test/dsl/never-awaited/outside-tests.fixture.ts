import { beforeAll, describe, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { answering } from '../../helpers/webex-apps.js'

// At the file's top level, never awaited.
void callTo(() => {}, { platform: 'webex-connect' }).expectAction('ANSWER').expectAction('PLAY')

describe('a call made in beforeAll without await', () => {
  beforeAll(() => {
    void callTo(() => {}, { platform: 'webex-connect' }).expectAction('ANSWER')
  })

  it('passes on its own', () => {})
})

describe('a flow built in beforeAll and run by the test', () => {
  let built: ReturnType<typeof build>
  const build = () => callTo(answering({ action: 'HANGUP' }), { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER').expectHangup()
  beforeAll(() => {
    built = build()
  })

  it('runs it', async () => {
    await built
  })
})
