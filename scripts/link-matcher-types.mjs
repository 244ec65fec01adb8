/**
 * After tsup: makes `import { callTo } from 'callspec'` bring the matcher types along, so a project
 * that lists 'callspec/vitest' only in vitest's `setupFiles` (which TypeScript never reads) still
 * type-checks `expect(call).toHavePlayed(…)`.
 *
 * Both index declarations point at the ESM dist/vitest.d.ts on purpose: vitest's CommonJS typings
 * re-export everything with `export *`, which a module augmentation cannot reach, so the
 * augmentation must always be read in ESM mode (the `./vitest` export's `types` does the same).
 */
import { readFileSync, writeFileSync } from 'node:fs'

const REFERENCE = '/// <reference path="./vitest.d.ts" />\n'

for (const file of ['dist/index.d.ts', 'dist/index.d.cts']) {
  const text = readFileSync(file, 'utf8')
  if (!text.startsWith(REFERENCE)) writeFileSync(file, REFERENCE + text)
}
if (!readFileSync('dist/vitest.d.ts', 'utf8').includes("declare module 'vitest'")) {
  throw new Error('dist/vitest.d.ts lost its vitest augmentation: check matchers/vitest.ts still exports from ./types.js')
}
