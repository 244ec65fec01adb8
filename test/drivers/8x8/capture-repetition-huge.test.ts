/**
 * Audit h196: since sayAndCapture's repetition became z.unknown() (rule 8x8/capture-repetition,
 * inferred, a warning), an integer far past the documented 1-3 (1e20: before, z.int() refused it
 * -1009) is played "as often as asked": the capture laid every repeat of its prompt in one array,
 * and the test process ran out of memory before the prompt began. Repeats that would start after
 * the call's virtual limit (limits.maxVirtualMs) are never heard, so they are not laid: the prompt
 * plays until that limit, and the call fails there with callspec's message.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { capture, eightByEightApp, hangup } from './apps.js'

describe("sayAndCapture's repetition far past 3 (rule 8x8/capture-repetition, inferred)", () => {
  it("plays the prompt until the call's virtual limit, and fails there, not out of memory", async () => {
    const { listener } = eightByEightApp((p) => (p.callStatus === 'CALL_RECEIVED' ? { callflow: [capture('Press 1', { repetition: 1e20, maxDigits: 1 })] } : { callflow: [hangup] }))
    const error = await failureOf(callTo(listener, { platform: '8x8', warnings: 'silent' }).fromCaller('+6591178965').toNumber('+6568332048').expectAction('sayAndCapture').pressDigits('1'))
    expect(error.message).toContain("pressDigits('1'): the call passed 4 h of virtual time (limits.maxVirtualMs: 14,400,000 ms) without ending")
  })
})
