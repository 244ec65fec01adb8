import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../src/index.js'
import { answering } from '../helpers/webex-apps.js'
import { cli, FIXTURES } from '../cli/run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

// Audit newcomer-65 (m3-spell): `platform: 'webex'` said only `got "webex"`. A short form is no
// near miss by edit distance (webex → webex-connect is 8 letters off): the one platform that
// starts with it, contains it or is contained in it is named too.
const app = answering({ action: 'HANGUP' })
const LIST = "'webex-connect', 'enablex', '8x8', 'voxology'"
const attempt = (platform: string) => () => callTo(app, { platform: platform as 'webex-connect', transport: 'tcp' })

describe('a misspelt platform', () => {
  it('callTo() names the platform meant', () => {
    expect(attempt('webex')).toThrow(`[callspec] callTo() needs { platform }, one of: ${LIST}; got "webex". Did you mean 'webex-connect'?`)
    expect(attempt('Webex Connect')).toThrow(`got "Webex Connect". Did you mean 'webex-connect'?`)
    expect(attempt('enable')).toThrow(`got "enable". Did you mean 'enablex'?`)
    expect(attempt('voxolgy')).toThrow(`got "voxolgy". Did you mean 'voxology'?`)
    expect(attempt('connect')).toThrow(`got "connect". Did you mean 'webex-connect'?`)
    expect(attempt('8X8')).toThrow(`got "8X8". Did you mean '8x8'?`)
    expect(attempt('enablex-voice')).toThrow(`got "enablex-voice". Did you mean 'enablex'?`)
    // Nothing close: the list alone.
    expect(attempt('twilio')).toThrow(new RegExp(`got "twilio"\\.$`))
  })

  it('callTo() still runs the call once the platform is right, over HTTP', async () => {
    const call = await callTo(app, { platform: 'webex-connect', transport: 'tcp' }).expectAction('ANSWER').expectAction('HANGUP')
    expect(call.platform).toBe('webex-connect')
  })

  it('callspec run --platform names it too', async () => {
    const { code, err } = await cli(['run', `${FIXTURES}/pass.yaml`, '--platform', 'webex'])
    expect(err).toBe(`callspec run: unknown --platform "webex": one of webex-connect, enablex, 8x8, voxology; did you mean webex-connect?\nRun callspec run --help for the options.\n`)
    expect(code).toBe(2)
  })

  // The same typo in the other places a platform is named (the audit's leftover).
  it('a scenario file names it, at the platform: line', async () => {
    const dir = tempDir('platform-typo')
    const file = join(dir, 'pin.yaml')
    await writeFile(file, 'platform: webex\nsteps:\n  - expect: ANSWER\n')
    const { code, err } = await cli(['run', file, '--target', 'http://127.0.0.1:9'])
    // The file as the CLI names it (relative to the working directory), then the one problem.
    expect(err).toMatch(/pin\.yaml:1:11: unknown platform "webex" \(did you mean "webex-connect"\?\): one of webex-connect, enablex, 8x8, voxology\n/)
    expect(err).not.toContain('platform is missing')
    expect(code).toBe(2)
    // Nothing close: the list alone.
    await writeFile(file, 'platform: twilio\nsteps:\n  - expect: ANSWER\n')
    expect((await cli(['run', file, '--target', 'http://127.0.0.1:9'])).err).toMatch(/pin\.yaml:1:11: unknown platform "twilio": one of webex-connect, enablex, 8x8, voxology\n/)
  })

  it('callspec schema and callspec validate name it', async () => {
    const schema = await cli(['schema', 'voxolgy'])
    expect(schema.err.split('\n')[0]).toBe('callspec schema: unknown platform "voxolgy"; did you mean voxology?')
    expect(schema.code).toBe(2)
    const checked = await cli(['validate', 'enable', 'action', `${FIXTURES}/pass.yaml`])
    expect(checked.err.split('\n')[0]).toBe('callspec: unknown platform "enable"; did you mean enablex?')
    expect(checked.code).toBe(2)
  })

  it('validate() names it', () => {
    expect(() => validate('webex' as 'webex-connect', 'action', { action: 'ANSWER' })).toThrow(`[callspec] validate() knows webex-connect, enablex, 8x8, voxology; got "webex". Did you mean 'webex-connect'?`)
  })
})
