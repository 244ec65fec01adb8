import { defineConfig } from 'tsup'

// One config, named entries: each vendor is a subpath so users can import its schemas alone.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    cli: 'src/cli/index.ts',
    scenarios: 'src/scenario/index.ts',
    'drivers/webex-connect': 'drivers/webex-connect/index.ts',
    'drivers/8x8': 'drivers/8x8/index.ts',
    'drivers/enablex': 'drivers/enablex/index.ts',
    'drivers/voxology': 'drivers/voxology/index.ts',
    matchers: 'matchers/index.ts',
    vitest: 'matchers/vitest.ts',
  },
  format: ['esm', 'cjs'],
  target: 'node20',
  dts: true,
  splitting: true,
  sourcemap: true,
  clean: true,
  // vitest must stay the user's own copy: matchers registered on a bundled expect would be invisible.
  external: ['vitest', 'nock'],
  // Editors read these to autocomplete scenario files: dist/schemas/<platform>.scenario.json.
  onSuccess: 'node dist/cli.js schema --out dist/schemas',
})
