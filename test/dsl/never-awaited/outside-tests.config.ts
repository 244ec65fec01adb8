import { defineConfig } from 'vitest/config'
import { nestedRunConfig } from '../../helpers/nested-vitest.js'

// Calls created outside a test (a hook, the top level): two never awaited, one built in a hook and run by its test.
export default defineConfig(
  nestedRunConfig({
    root: new URL('.', import.meta.url).pathname,
    include: ['outside-tests.fixture.ts'],
    setupFiles: ['../../../matchers/vitest.ts'],
  }),
)
