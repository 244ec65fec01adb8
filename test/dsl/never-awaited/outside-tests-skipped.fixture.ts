import { beforeAll, describe, it } from 'vitest'
import { callTo } from '../../../src/index.js'

describe('a flow built in beforeAll for a test that is skipped', () => {
  let built: ReturnType<typeof build>
  const build = () => callTo(() => {}, { platform: 'webex-connect' }).expectAction('ANSWER')
  beforeAll(() => {
    built = build()
  })

  it.skip('runs it', async () => {
    await built
  })

  it('another test runs, so the hook does', () => {})
})
