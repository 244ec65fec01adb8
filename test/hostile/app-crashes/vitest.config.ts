import { defineConfig } from 'vitest/config'

// A user's project in miniature: apps that crash asynchronously while handling a webhook
// (../app-crashes.test.ts names the fixture file it runs).
export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['*.fixture.ts'],
    setupFiles: ['../../../matchers/vitest.ts'],
  },
})
