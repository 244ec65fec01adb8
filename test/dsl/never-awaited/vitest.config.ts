import { defineConfig } from 'vitest/config'

// A user's project in miniature: the callspec/vitest setup file, and one test that forgets `await`.
export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['forgot-await.fixture.ts'],
    setupFiles: ['../../../matchers/vitest.ts'],
  },
})
