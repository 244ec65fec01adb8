import { describe, expect, it } from 'vitest'
import { failureOf } from '../../helpers/failure-of.js'
import { validate } from '../../../src/index.js'
import { playing, promptMs } from './playing.js'

/**
 * An advanced TTS break or silence whose duration is a JSON number (`"break": {"value": 1500}`).
 * EnableX's table gives the value no type or format ("below 5000", in "microseconds"); its example
 * writes "2000ms". Measured before (audit h179): PUT …/play was refused 400 as the docs' rule
 * ("expected string", enablex/request-schema), failing the call, while the unitless string "1500"
 * only warned under the inferred enablex/tts-duration. A number is now that inferred rule too, read
 * as ms; one of 5000 or more breaks the documented "below 5000".
 */

describe('advanced TTS: a break or silence duration written as a number (enablex/tts-duration, inferred)', () => {
  it('plays a break of 1500 for 1500 ms, with a warning that says the form is callspec\'s reading', async () => {
    const call = await playing({ voice: 'female', text_to_speech_option: { text: 'Welcome', break: { value: 1500 }, text2: 'to Acme' } })
    expect(call).toHavePlayed('Welcome to Acme')
    // Three words of TTS (1200 ms) and the 1500 ms break.
    expect(promptMs(call)).toBe(2_700)
    expect(call.warnings).toHaveLength(1)
    expect(call.warnings[0]).toContain('break.value is not written like "2000ms" (received 1500)')
    expect(call.warnings[0]).toContain('rule enablex/tts-duration, inferred')
  })

  it('a silence of 1000 plays too; validate() says the same, ok', async () => {
    const body = { voice: 'female', text_to_speech_option: { silence: { type: 'leading', value: 1000 }, text: 'Welcome' } }
    const call = await playing(body)
    expect(call.warnings).toEqual([expect.stringContaining('silence.value is not written like "2000ms" (received 1000)')])
    expect(validate('enablex', 'play', body)).toMatchObject({ ok: true, issues: [{ path: 'text_to_speech_option.silence.value', rule: 'enablex/tts-duration', level: 'warn', evidence: 'inferred' }] })
  })

  it('a number of 5000 or more breaks the documented "below 5000": refused 400, citing the docs', async () => {
    const error = await failureOf(playing({ voice: 'female', text_to_speech_option: { text: 'Welcome', break: { value: 6000 } } }))
    expect(error.message).toContain('✖ a break must be below 5000ms (received 6000)')
    expect(error.message).toContain('rule enablex/request-schema')
  })
})
