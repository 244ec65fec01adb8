/**
 * An expectAction() whose match holds the text the caller heard, where the action as sent holds a
 * template the platform rendered (a Voxology SAY's `${sessionData.orderId}`): the mismatch said only
 * `expected "Order 123456 has shipped.", got "Order ${sessionData.orderId} has shipped."`, above a
 * transcript line showing the expected text (audit voxology-75). Now it says what was heard and
 * which step checks it.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { scriptApp, serve } from '../drivers/voxology/helpers.js'

const say = (text: string) => ({ type: 'SAY', params: { text } })
const app = () => scriptApp({ '/': serve([{ type: 'SESSIONDATA', session_data: { orderId: '123456' } }, say('Order ${sessionData.orderId} has shipped.'), { type: 'HANGUP' }]) }).app

describe('a match on the text the caller heard, where the app sent a template', () => {
  it('says what the caller heard and to check it with toHavePlayed', async () => {
    const error = await failureOf(callTo(app(), { platform: 'voxology' }).expectAction('SAY', { params: { text: 'Order 123456 has shipped.' } }).expectHangup())
    expect(error.message.split('\n').slice(0, 2).join('\n')).toBe(
      "[callspec] turn 1, expectAction('SAY', { params: { text: \"Order 123456 has shipped.\" } }): SAY did not match: params.text: expected \"Order 123456 has shipped.\", got \"Order ${sessionData.orderId} has shipped.\"\n" +
        "The caller heard \"Order 123456 has shipped.\", which the platform made from what the app sent: expectAction matches the action as the app sent it. To check what the caller heard, use expect(call).toHavePlayed('Order 123456 has shipped.').",
    )
  })

  it('says nothing of it when the text is the one the app sent and the mismatch is elsewhere', async () => {
    const plain = scriptApp({ '/': serve([say('Goodbye.'), { type: 'HANGUP' }]) }).app
    const error = await failureOf(callTo(plain, { platform: 'voxology' }).expectAction('SAY', { params: { text: 'Goodbye.', loop: 2 } }))
    expect(error.message).toContain('SAY did not match: params.loop')
    expect(error.message).not.toContain('The caller heard')
  })
})
