import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { answering } from '../helpers/webex-apps.js'
import { cli, FIXTURES } from '../cli/run-cli.js'

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
})
