/**
 * An EnableX app whose accept went to the real api.enablex.io, around callspec's interception, and
 * threw ENOTFOUND after its empty 200: the failure says the request went around callspec and how
 * the setup file fixes it, where it asked "is `platform` right?". The exception is uncaught (as in
 * EnableX's sample), so the case runs in a vitest of its own (hostile/app-crashes/), read here.
 */
import { describe, expect, it } from 'vitest'
import { runCrashFixture } from '../hostile/app-crashes/run-fixture.js'

describe('an EnableX request that went around the interception and failed at the network', () => {
  it('is said as such, not as the wrong platform', { timeout: 60_000 }, () => {
    const { output } = runCrashFixture('went-around-interception.fixture')
    expect(output, output).toMatch(/✓ [^\n]*went-around: /)
    expect(output).toContain('Tests  1 passed (1)')
  })
})
