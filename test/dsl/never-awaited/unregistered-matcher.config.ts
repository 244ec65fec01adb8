import { defineConfig } from 'vitest/config'

// A user's project without the callspec/vitest setup file, whose test uses a callspec matcher.
export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['unregistered-matcher.fixture.ts'],
  },
})
