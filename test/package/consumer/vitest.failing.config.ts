// Calls that fail on purpose, to see what a user sees: a JUnit report, and a missing setup file.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'with-setup', include: ['failing/*.check.ts'], exclude: ['failing/no-setup.check.ts'], setupFiles: ['callspec/vitest'] } },
      { test: { name: 'no-setup', include: ['failing/no-setup.check.ts'] } },
    ],
  },
})
