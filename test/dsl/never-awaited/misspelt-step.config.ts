import { defineConfig } from 'vitest/config'
import { nestedRunConfig } from '../../helpers/nested-vitest.js'

// A user's project with the setup file, and one test whose chain misspells a step.
export default defineConfig(
  nestedRunConfig({
    root: new URL('.', import.meta.url).pathname,
    include: ['misspelt-step.fixture.ts'],
    setupFiles: ['../../../matchers/vitest.ts'],
  }),
)
