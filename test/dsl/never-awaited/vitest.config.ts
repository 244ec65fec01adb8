import { defineConfig } from 'vitest/config'
import { nestedRunConfig } from '../../helpers/nested-vitest.js'

// A user's project in miniature: the callspec/vitest setup file, and one test that forgets `await`.
export default defineConfig(
  nestedRunConfig({
    root: new URL('.', import.meta.url).pathname,
    include: ['forgot-await.fixture.ts'],
    setupFiles: ['../../../matchers/vitest.ts'],
  }),
)
