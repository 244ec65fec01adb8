import { defineConfig } from 'vitest/config'
import { nestedRunConfig } from '../../helpers/nested-vitest.js'

// A user's project without the callspec/vitest setup file, whose test uses a callspec matcher.
export default defineConfig(
  nestedRunConfig({
    root: new URL('.', import.meta.url).pathname,
    include: ['unregistered-matcher.fixture.ts'],
  }),
)
