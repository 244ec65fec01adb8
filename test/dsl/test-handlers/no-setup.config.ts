import { defineConfig } from 'vitest/config'
import { nestedRunConfig } from '../../helpers/nested-vitest.js'

// Without the callspec/vitest setup file: a passed test's state alone says its body has ended.
export default defineConfig(
  nestedRunConfig({
    root: new URL('.', import.meta.url).pathname,
    include: ['handler-time.fixture.ts'],
  }),
)
