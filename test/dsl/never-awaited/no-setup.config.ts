import { defineConfig } from 'vitest/config'

// The same project without the callspec/vitest setup file: the check must still fail the test.
export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['forgot-await.fixture.ts'],
  },
})
