import { defineConfig } from 'vitest/config'
import { nestedRunConfig } from '../../helpers/nested-vitest.js'

// A flow built in beforeAll for a test that is skipped: never run, and not a call the file forgot.
export default defineConfig(
  nestedRunConfig({
    root: new URL('.', import.meta.url).pathname,
    include: ['outside-tests-skipped.fixture.ts'],
    setupFiles: ['../../../matchers/vitest.ts'],
  }),
)
