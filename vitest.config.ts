import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    // The callspec/vitest setup file registers the matchers, as a user's config would.
    setupFiles: ['./matchers/vitest.ts', './test/helpers/load-drivers.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/package/**'] } },
      // The examples also check every call's transcript is in time order and warning-free (test/rules).
      { extends: true, test: { name: 'examples', include: ['examples/**/*.test.ts'], setupFiles: ['./test/rules/examples-setup.ts'] } },
      // consumer/: the files of a user's project, run by consumer.test.ts inside a copy of it.
      { test: { name: 'package', include: ['test/package/**/*.test.ts'], exclude: ['test/package/consumer/**'] } },
    ],
  },
})
