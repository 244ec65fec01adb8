import { beforeAll, describe, it } from 'vitest'
import { callTo } from '../../../src/index.js'

describe('a flow built in beforeAll for a test that is filtered out', () => {
  let built: ReturnType<typeof build>
  const build = () => callTo(() => {}, { platform: 'webex-connect' }).expectAction('ANSWER')
  beforeAll(() => {
    built = build()
  })

  // Left out by the config's name filter (as `vitest -t` does), the case under test: a file with a
  // test left out is not checked for calls created outside a test (this flow was meant for it).
  it('runs it', async () => {
    await built
  })

  it('another test runs, so the hook does', () => {})
})
