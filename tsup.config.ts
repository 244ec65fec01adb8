import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { createRequire } from 'node:module'
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

/**
 * @sinonjs/fake-timers bundled, in a chunk of its own that the first call to an in-process app
 * loads: src/clock/fake-timers-module.ts requires it from node_modules when run from the sources,
 * and says why. Here that module's body import()s it instead, which esbuild bundles (noExternal)
 * and splits off. The agent imports it statically (src/agent/app-side/virtual-timers.ts), bundled too.
 *
 * The library requires four Node built-ins (timers, timers/promises, perf_hooks, util). Bundled
 * into an ES module there is no `require`: esbuild's stand-in throws "Dynamic require of "util" is
 * not supported". They are read with process.getBuiltinModule() instead (Node 20.16 and later,
 * inside package.json's engines), which returns the very module objects require() does, so the
 * clock fakes `node:timers` as it did. A version of the library that requires them otherwise
 * fails the build here, rather than a call.
 */
const FAKE_TIMERS_BUILTINS = ['timers', 'timers/promises', 'perf_hooks', 'util']

/**
 * The library and its dependencies as one ES module, each built-in read as said above, built by
 * esbuild apart and handed to tsup's build as that module's code. Handed over as CommonJS, it made
 * esbuild turn tsup's ESM shims into a module of their own, initialised at the top of every module
 * of the build (456 `init_esm_shims()` calls, 100 KB more in dist/).
 */
async function fakeTimersAsEsm(esbuild: Parameters<Plugin['setup']>[0]['esbuild']): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('@sinonjs/fake-timers')
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    plugins: [
      {
        name: 'fake-timers-builtins',
        setup(inner) {
          inner.onLoad({ filter: /[\\/]@sinonjs[\\/]fake-timers[\\/]src[\\/]fake-timers-src\.js$/ }, async ({ path }) => {
            let source = await readFile(path, 'utf8')
            for (const name of FAKE_TIMERS_BUILTINS) {
              const call = `require("${name}")`
              if (!source.includes(call)) throw new Error(`@sinonjs/fake-timers no longer has ${call}: see bundledFakeTimers in tsup.config.ts`)
              source = source.replaceAll(call, `process.getBuiltinModule("${name}")`)
            }
            const left = /\brequire\((["'])(?!@sinonjs\/|\.)[^"']+\1\)/.exec(source)
            if (left) throw new Error(`@sinonjs/fake-timers requires ${left[0]}, which a bundled ES module cannot: see bundledFakeTimers in tsup.config.ts`)
            return { contents: source, loader: 'js' }
          })
        },
      },
    ],
  })
  return result.outputFiles[0]!.text
}

const bundledFakeTimers: Plugin = {
  name: 'callspec-bundled-fake-timers',
  setup(outer) {
    const module = resolve('src/clock/fake-timers-module.ts')
    outer.onLoad({ filter: /fake-timers-module\.ts$/ }, ({ path }) => {
      if (path !== module) return undefined
      const contents = `export async function importFakeTimers() {\n  const lib = await import('callspec-fake-timers')\n  return lib.default\n}\n`
      return { contents, loader: 'ts', resolveDir: dirname(module) }
    })
    // The agent's static import and the dynamic one above: both the one ES module.
    outer.onResolve({ filter: /^(?:@sinonjs\/fake-timers|callspec-fake-timers)$/ }, () => ({ path: 'callspec-fake-timers', namespace: 'callspec-fake-timers' }))
    let esm: Promise<string> | undefined
    outer.onLoad({ filter: /.*/, namespace: 'callspec-fake-timers' }, async () => ({ contents: await (esm ??= fakeTimersAsEsm(outer.esbuild)), loader: 'js' }))
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
  noExternal: ['zod', '@sinonjs/fake-timers'],
  esbuildPlugins: [sameChunksAsIndex, bundledFakeTimers],
  // Editors read these to autocomplete scenario files: dist/schemas/<platform>.scenario.json.
  onSuccess: 'node scripts/third-party-licenses.mjs && node dist/cli.js schema --out dist/schemas',
})
