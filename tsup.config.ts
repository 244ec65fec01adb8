import { defineConfig } from 'tsup'

/**
 * The declarations tsc emitted from the sources (`tsc -p tsconfig.build.json`, the build's first
 * step), which tsup only bundles per entry. Given the sources instead, tsup's declaration bundler
 * (rollup-plugin-dts) starts a new TypeScript program whenever the next entry's folder differs
 * from the last one's, each type-checking most of the code again: measured 98-113 s and 2.8 GB
 * for these entries, against 19 s for tsc and 1-6 s for the bundling. Outside
 * node_modules on purpose: TypeScript takes a file there for a library's and leaves its imports
 * out of the bundle.
 */
const DECLARATIONS = '.build/types'

// One config, named entries: each vendor is a subpath so users can import its schemas alone.
const entry = {
    index: 'src/index.ts',
    cli: 'src/cli/index.ts',
    scenarios: 'src/scenario/index.ts',
    'drivers/webex-connect': 'drivers/webex-connect/index.ts',
    'drivers/8x8': 'drivers/8x8/index.ts',
    'drivers/enablex': 'drivers/enablex/index.ts',
    'drivers/voxology': 'drivers/voxology/index.ts',
    matchers: 'matchers/index.ts',
    vitest: 'matchers/vitest.ts',
    // The preload: `node --import callspec/agent app.js` (or --require for CommonJS apps).
    agent: 'src/agent/register.ts',
    'coverage/setup': 'src/coverage/setup.ts',
    'coverage/reporter': 'src/coverage/reporter.ts',
    // Each driver's heavy half, loaded on first use (src/driver/lazy-runtime.ts): named entries
    // so a synchronous validate() can require the same file a call imports.
    'runtime/webex-connect': 'drivers/webex-connect/runtime.ts',
    'runtime/8x8': 'drivers/8x8/runtime.ts',
    'runtime/enablex': 'drivers/enablex/runtime.ts',
    'runtime/voxology': 'drivers/voxology/runtime.ts',
}

export default defineConfig({
  entry,
  format: ['esm', 'cjs'],
  // import.meta.url in the CommonJS build (the fake-timers install finds callspec's own files by it).
  shims: true,
  target: 'node20',
  dts: { entry: Object.fromEntries(Object.entries(entry).map(([name, file]) => [name, `${DECLARATIONS}/${file.replace(/\.ts$/, '.d.ts')}`])) },
  splitting: true,
  sourcemap: true,
  clean: true,
  // vitest must stay the user's own copy: matchers registered on a bundled expect would be invisible.
  external: ['vitest'],
  noExternal: ['zod'],
  // Editors read these to autocomplete scenario files: dist/schemas/<platform>.scenario.json.
  onSuccess: 'node dist/cli.js schema --out dist/schemas',
})
