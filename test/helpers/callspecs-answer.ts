import { expect } from 'vitest'

/**
 * A failure after the app's request was refused in an answer whose status or form callspec chose
 * (the vendor documents none for it): the list of what the fake API received shows `listed`, with
 * `note` (whose answer it is) after it, and the headline says callspec's fake API refused it,
 * never "the platform refused".
 */
export function expectSaidAsCallspecs(message: string, listed: string, note: string): void {
  expect(message).toContain(listed)
  expect(message).toContain(`; ${note})`)
  expect(message).toContain("callspec's fake API refused the app's request, with an answer of callspec's own (the platform documents none for it: below)")
  expect(message).not.toContain('the platform refused')
}
