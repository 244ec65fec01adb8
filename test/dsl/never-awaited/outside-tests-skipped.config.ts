import { defineConfig } from 'vitest/config'
import { nestedRunConfig } from '../../helpers/nested-vitest.js'

// A flow built in beforeAll for a test a name filter leaves out: never run, and not a call the file forgot.
export default defineConfig(
  nestedRunConfig({
    root: new URL('.', import.meta.url).pathname,
    include: ['outside-tests-skipped.fixture.ts'],
    // Only the other test runs, as `vitest -t` leaves the rest out.
    testNamePattern: 'another test runs',
    setupFiles: ['../../../matchers/vitest.ts'],
  }),
)
