import { defineConfig } from 'vitest/config'

// A user's project in miniature: apps that crash asynchronously while handling a webhook.
export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['app-crashes.fixture.ts'],
    setupFiles: ['../../../matchers/vitest.ts'],
  },
})
