import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { schemaFor } from '../../src/cli/schema-command.js'

// Formats (uri, e-mail) are for editors; this check is about structure.
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false })
const validator = (platform: string) => ajv.compile(schemaFor(platform))
const yamlOf = (file: string) => parse(readFileSync(file, 'utf8')) as unknown

describe('the scenario JSON Schemas', () => {
  it.each([
    ['webex-connect', 'examples/scenarios/webex-connect/pin-ivr.yaml'],
    ['webex-connect', 'examples/scenarios/python/order-status.yaml'],
    ['8x8', 'examples/scenarios/8x8/appointment-reminder.yaml'],
  ])('accept the %s example %s', (platform, file) => {
    const validate = validator(platform)
    expect(validate(yamlOf(file)), JSON.stringify(validate.errors)).toBe(true)
  })

  it('know each platform’s actions and their fields, patterns allowed for strings', () => {
    const webex = validator('webex-connect')
    expect(webex({ platform: 'webex-connect', steps: [{ expect: 'PLAY', match: { audio: [{ text: '/PIN/i' }], collectInput: { maxDigits: 4 } } }] })).toBe(true)
    expect(webex({ platform: 'webex-connect', steps: [{ expect: 'PLAY', match: { colectInput: {} } }] })).toBe(false)
    expect(webex({ platform: 'webex-connect', steps: [{ expect: 'say' }] })).toBe(false)
    const eightByEight = validator('8x8')
    expect(eightByEight({ platform: '8x8', steps: [{ expect: 'say', match: { params: { text: '/confirmed/' } } }] })).toBe(true)
    const enablex = validator('enablex')
    expect(enablex({ platform: 'enablex', steps: [{ expect: 'play', match: { prompt_ref: 'menu' } }, 'expectHangup'] })).toBe(true)
    const voxology = validator('voxology')
    expect(voxology({ platform: 'voxology', steps: [{ expect: 'SAY', match: { params: { text: 'Hi' } } }, { press: '5#' }, { silent: '1.5 s' }] })).toBe(true)
    expect(voxology({ platform: 'voxology', steps: [{ silent: 'a while' }] })).toBe(false)
  })
})
