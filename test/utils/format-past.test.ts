import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { formatPast } from '../../src/utils/span.js'
import { failureOf } from '../helpers/failure-of.js'
import { acceptsAfter } from '../drivers/enablex/apps.js'

describe('formatPast: a duration said beside the limit it passed', () => {
  it('as formatDelay where that already differs from the limit', () => {
    expect(formatPast(6_000, 5_000)).toBe('6 s')
    expect(formatPast(5_100, 5_000)).toBe('5.1 s')
    expect(formatPast(900, 500)).toBe('900 ms')
  })

  it('with the decimals it takes not to read as the limit', () => {
    expect(formatPast(5_001, 5_000)).toBe('5.001 s')
    expect(formatPast(5_040, 5_000)).toBe('5.04 s')
    expect(formatPast(4_001, 4_000)).toBe('4.001 s')
  })
})

// Measured (helper-150 F7): "the app answered incomingcall 5 s (virtual) after it was sent … longer than the 5 s".
it("a late answer's message never reads as the deadline it passed", async () => {
  const error = await failureOf(callTo(acceptsAfter(() => new Promise((resolve) => setTimeout(resolve, 5_001))), { platform: 'enablex' }).expectAction('accept'))
  expect(error.message).toContain('the app answered incomingcall 5.001 s (virtual) after it was sent, held back by its own timer: longer than the 5 s the vendor documents the platform waits')
})
