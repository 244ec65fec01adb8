/**
 * How `callspec explore --vendor key=value` reads a value (vendor-option.ts). Before (h209)
 * every value was read as YAML: `appId=0012345` was the number 12345, a phone number
 * `+14155550100` the number 14155550100, and `menuTerminator=#` a comment, null.
 */
import { describe, expect, it } from 'vitest'
import { drivers } from '../../src/index.js'
import { readVendorOptions } from '../../src/explore/vendor-option.js'

const read = (text: string) => readVendorOptions([`key=${text}`])

describe('--vendor key=value', () => {
  it.each(['0012345', '+1', '1e3', '0x1F', '0o17', '1_000', '+14155550100', 'True', '1.50', '-0'])('keeps %s as the text typed', (text) => {
    expect(read(text)).toEqual({ vendor: { key: text } })
  })

  it.each([
    ['12', 12],
    ['-3', -3],
    ['1.5', 1.5],
    ['true', true],
    ['false', false],
    ['abc', 'abc'],
    ['yes', 'yes'],
    ['"007"', '007'],
    ['[+14155550100, 12]', ['+14155550100', 12]],
    ['{greeting.wav: 3000, intro.wav: 007}', { 'greeting.wav': 3000, 'intro.wav': '007' }],
  ])('reads %s as YAML writes it back: %j', (text, value) => {
    expect(read(text)).toEqual({ vendor: { key: value } })
  })

  it("takes a text option's value as typed (the driver's textOptions), where YAML read # as a comment, * as an alias and 12345 as a number", () => {
    const text = drivers.enablex.textOptions
    expect(readVendorOptions(['menuTerminator=#', 'appId=12345', 'appKey=true'], text)).toEqual({ vendor: { menuTerminator: '#', appId: '12345', appKey: 'true' } })
    expect(readVendorOptions(['menuTerminator=*'], text)).toEqual({ vendor: { menuTerminator: '*' } })
    // Not text: read as YAML.
    expect(readVendorOptions(['encrypt=true', 'numbers=[+14155550100]'], text)).toEqual({ vendor: { encrypt: true, numbers: ['+14155550100'] } })
  })

  // A text option's value in quotes, as --help says to keep a value as text, kept its quotes: every
  // call of `--vendor appId="0012345"` was refused 401, its APP_ID not vendor.appId "\"0012345\"".
  it("reads a text option's value typed in quotes as the text inside them", () => {
    const text = drivers.enablex.textOptions
    expect(readVendorOptions(['appId="0012345"', "appKey='k=1'", 'menuTerminator="#"'], text)).toEqual({ vendor: { appId: '0012345', appKey: 'k=1', menuTerminator: '#' } })
    // Not one quoted value: as typed.
    expect(readVendorOptions(['appId="a"b"', 'appKey="x', "menuTerminator='"], text)).toEqual({ vendor: { appId: '"a"b"', appKey: '"x', menuTerminator: "'" } })
  })

  // Audit h212: `appId=` was taken as '' (every call refused 401), and 8x8's `vcaPath=` as null ("no VCA webhook").
  it('refuses a key with nothing after =, and takes an empty text written as quotes', () => {
    const text = drivers.enablex.textOptions
    expect(readVendorOptions(['appId='], text)).toEqual({ error: "--vendor appId= has no value (an unset shell variable?); give one, or appId='' for an empty text" })
    expect(readVendorOptions(['vcaPath= '], drivers['8x8'].textOptions)).toEqual({ error: "--vendor vcaPath= has no value (an unset shell variable?); give one, or vcaPath='' for an empty text" })
    expect(readVendorOptions(["appId=''"], text)).toEqual({ vendor: { appId: '' } })
  })

  it('every platform lists its text options', () => {
    for (const driver of Object.values(drivers)) expect(driver.textOptions?.length, driver.platform).toBeGreaterThan(0)
  })
})
