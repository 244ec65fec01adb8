import { defineConfig } from 'vitest/config'
import { nestedRunConfig } from '../../helpers/nested-vitest.js'

// The same project without the callspec/vitest setup file: the check must still fail the test.
export default defineConfig(
  nestedRunConfig({
    root: new URL('.', import.meta.url).pathname,
    include: ['forgot-await.fixture.ts'],
  }),
)
