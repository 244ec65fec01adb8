import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    // The callspec/vitest setup file registers the matchers, as a user's config would.
    setupFiles: ['./matchers/vitest.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/package/**'] } },
      { extends: true, test: { name: 'examples', include: ['examples/**/*.test.ts'] } },
      // consumer/: the files of a user's project, run by consumer.test.ts inside a copy of it.
      { test: { name: 'package', include: ['test/package/**/*.test.ts'], exclude: ['test/package/consumer/**'] } },
    ],
  },
})
