import { defineConfig } from 'vitest/config'
import { nestedRunConfig } from '../../helpers/nested-vitest.js'

// A user's project in miniature: apps that crash asynchronously while handling a webhook
// (../app-crashes.test.ts names the fixture file it runs).
export default defineConfig(
  nestedRunConfig({
    root: new URL('.', import.meta.url).pathname,
    include: ['*.fixture.ts'],
    setupFiles: ['../../../matchers/vitest.ts'],
    // A fixture's first call loads its driver (no load-drivers setup here): from source (as then,
    // where dist/ is stale), beside two busy loops and another test file (load ~12), HB-first and
    // MODE-warn, one quick call each, ran 5.5 and 6.0 s and hit the default 5 s, failing for that
    // instead of what they check.
    testTimeout: 20_000,
  }),
)
