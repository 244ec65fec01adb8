import { defineConfig } from 'vitest/config'
import { nestedRunConfig } from '../../helpers/nested-vitest.js'

// A user's project in miniature: tests that leave a call running when they end.
export default defineConfig(
  nestedRunConfig({
    root: new URL('.', import.meta.url).pathname,
    include: [process.env.FIXTURE ?? 'left-running.fixture.ts'],
    setupFiles: ['../../../matchers/vitest.ts'],
  }),
)
