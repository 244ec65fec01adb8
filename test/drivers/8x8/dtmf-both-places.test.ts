/**
 * Where a VCA carries the captured digits (audit h172 F2). 8x8's sources disagree: the published
 * VCA sample nests them (`payload.eventData.dtmf`), the field table lists `dtmf` flat and 8x8's own
 * IVR sample server reads `payload.dtmf`. callspec sends both (BEHAVIOUR.flatDtmf, inferred), so an
 * app written after either works; `vendor.flatDtmf: false` keeps only the nested one. Over HTTP.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { stubServer } from '../../helpers/stub-server.js'
import { capture, eightByEightApp, hangup, say } from './apps.js'

/** An inbound menu that reads the digit where `read` looks. */
function menuApp(read: (payload: any) => unknown) {
  return eightByEightApp((p) => {
    if (p.callStatus === 'CALL_RECEIVED') return { callflow: [capture('Press 1 for sales, 2 for support', { minDigits: 1, maxDigits: 1, completeOnHash: false })] }
    if (read(p) === '1') return { callflow: [say('Connecting you to sales'), hangup] }
    return { callflow: [say('Sorry, no valid choice'), hangup] }
  })
}
const flat = menuApp((p) => p.dtmf)
const nested = menuApp((p) => p.eventData?.dtmf)
const flatServer = stubServer(flat.listener)
const nestedServer = stubServer(nested.listener)

const pressOne = (url: string, vendor: object = {}) =>
  callTo(`${url}/8x8/vca`, { platform: '8x8', vendor }).fromCaller('+6591178965').toNumber('+6568332048').expectAction('sayAndCapture').pressDigits('1')

describe('8x8 captured digits, at both places the sources give', () => {
  it('reach an app that reads the flat payload.dtmf (the field table, 8x8\'s sample server)', async () => {
    await pressOne(flatServer.url).expectAction('say', { params: { text: 'Connecting you to sales' } }).expectHangup()
    const vca = flat.received.filter((r) => r.body.eventType === 'CALL_ACTION')[1]!.body.payload
    expect(vca).toMatchObject({ eventData: { dtmf: '1' }, dtmf: '1' })
  })

  it('reach an app that reads payload.eventData.dtmf (the published sample)', async () => {
    await pressOne(nestedServer.url).expectAction('say', { params: { text: 'Connecting you to sales' } }).expectHangup()
  })

  it('go only to eventData.dtmf with vendor.flatDtmf: false', async () => {
    await pressOne(flatServer.url, { flatDtmf: false }).expectAction('say', { params: { text: 'Sorry, no valid choice' } }).expectHangup()
    const vca = flat.received.filter((r) => r.body.eventType === 'CALL_ACTION').at(-1)!.body.payload
    expect(vca).toMatchObject({ eventData: { dtmf: '1' } })
    expect(vca).not.toHaveProperty('dtmf')
  })
})
