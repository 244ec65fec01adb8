import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { defineConfig, type Options } from 'tsup'

type Plugin = NonNullable<Options['esbuildPlugins']>[number]

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

/**
 * The modules that load only where `callspec` itself is loaded: each driver's runtime (a call or a
 * synchronous validate() loads it), the code `import()`ed on first use (src/index.ts's async entry
 * points, call-flow.ts's run-flow), each driver's subpath entry (which loads the driver's schemas,
 * heavier than all of index), and the coverage setup file, documented beside `callspec/vitest`,
 * which reaches all of index already. Not agent.js, which an app's process preloads without
 * callspec, nor what it imports (request-body.ts, loopback-server.ts), nor the coverage reporter,
 * which runs in vitest's main process.
 */
const LOADED_WITH_INDEX = [
  ...['webex-connect', '8x8', 'enablex', 'voxology'].flatMap((p) => [`drivers/${p}/runtime.ts`, `drivers/${p}/index.ts`]),
  'src/dsl/run-flow.ts',
  'src/api/start-platform.ts',
  'src/agent/start-agent.ts',
  'src/explore/explore.ts',
  'src/coverage/setup.ts',
].map((file) => resolve(file))

/**
 * Each of those imports src/index.ts in the bundle (not in the sources), so that `import('callspec')`
 * loads a handful of chunks instead of 33. esbuild gives each set of entry points (static or
 * `import()`ed) that reach a module a chunk of its own: with every runtime, first-use module and
 * subpath reaching a different part of index's graph, dist/index.js loaded 33 files, and each costs
 * Node's ESM loader a resolve, a read and a compile of its own (~0.7 ms of CPU on a busy 2-core
 * machine: 33 empty modules import 22 ms slower than one). Reaching all of index's graph, they share
 * its chunks and cost nothing more, index being loaded before them. agent.js and the coverage
 * reporter keep their own light chunks, which index loads too (5 small ones).
 * test/package/startup.test.ts bounds the count.
 */
const sameChunksAsIndex: Plugin = {
  name: 'callspec-same-chunks-as-index',
  setup(build) {
    const index = resolve('src/index.ts')
    // A module of its own that re-exports index: a bare import of index itself, which esbuild
    // takes for free of side effects, would warn that it is ignored (and reach index all the same).
    build.onResolve({ filter: /^callspec-index$/ }, () => ({ path: 'callspec-index', namespace: 'callspec-index' }))
    build.onLoad({ filter: /.*/, namespace: 'callspec-index' }, () => ({ contents: `export * from ${JSON.stringify(index)}`, loader: 'js', resolveDir: dirname(index) }))
    build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      if (!LOADED_WITH_INDEX.includes(path)) return undefined
      const source = await readFile(path, 'utf8')
      return { contents: `${source}\nimport 'callspec-index'\n`, loader: 'ts', resolveDir: dirname(path) }
    })
  },
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
  esbuildPlugins: [sameChunksAsIndex],
  // Editors read these to autocomplete scenario files: dist/schemas/<platform>.scenario.json.
  onSuccess: 'node dist/cli.js schema --out dist/schemas',
})
