/**
 * A usage error's stack starts at the user's line. Measured from the packed tarball before: vitest
 * printed `❯ callTo2 node_modules/callspec/src/dsl/create-call-to.ts:35:12` above the test's own
 * line, a bundler's name in a file the package does not ship (audit newcomer-65).
 */
import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../src/index.js'
import { CallspecUsageError } from '../../src/errors/usage-error.js'
import { answering } from '../helpers/webex-apps.js'

const THIS_FILE = 'test/errors/usage-error-stack.test.ts'
const frames = (error: unknown) => String((error as Error).stack).split('\n').filter((line) => /^\s+at /.test(line))
const thrown = (fn: () => unknown): Error => {
  try {
    fn()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a throw')
}

describe("a usage error's stack", () => {
  it.each([
    ['callTo() with a misspelt platform', () => callTo(answering({ action: 'HANGUP' }), { platform: 'webex' as 'webex-connect' })],
    ['a step given bad keys', () => callTo(answering({ action: 'HANGUP' }), { platform: 'webex-connect' }).expectAction('ANSWER').pressDigits('12a')],
    ['validate() with a kind the platform lacks', () => validate('webex-connect', 'nonsense' as 'action', {})],
  ])('%s: starts at the test\'s line, with no frame of callspec\'s own', (_, misuse) => {
    const error = thrown(misuse)
    expect(error).toBeInstanceOf(CallspecUsageError)
    expect(error.stack!.split('\n')[0]).toBe(`CallspecUsageError: ${error.message.split('\n')[0]}`)
    expect(frames(error)[0]).toContain(THIS_FILE)
    expect(frames(error).filter((line) => /[\\/](src|drivers|matchers)[\\/]/.test(line))).toEqual([])
  })
})
