/**
 * What `import('callspec')` costs is paid by every test file, so it must load only what every
 * file needs. Guarded by what it loads, not by a clock (a wall-clock bound would flake on a busy
 * machine): the static import graph of the built entries must reach none of the heavy libraries,
 * which load with the first call instead (see src/driver/lazy-runtime.ts). Run `npm run build`
 * first; `npm test` does.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
const dist = join(root, 'dist')
const run = (file: string) => execFileSync(process.execPath, [file], { cwd: root, encoding: 'utf8', timeout: 30_000 })

/** Every file an entry loads when imported (static `import`/`export … from`; `import()` is lazy). */
function staticGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files = new Set<string>()
  const packages = new Set<string>()
  const visit = (file: string) => {
    if (files.has(file)) return
    files.add(file)
    const source = readFileSync(file, 'utf8')
    for (const [, specifier] of source.matchAll(/^(?:import|export)\s[^;'"]*?["']([^"']+)["'];?$/gm)) {
      if (specifier!.startsWith('.')) visit(join(dirname(file), specifier!))
      else packages.add(specifier!.replace(/^node:/, ''))
    }
  }
  visit(join(dist, entry))
  return { files: [...files].map((f) => relative(dist, f)), packages }
}

/**
 * A chunk that bundles zod, by the path esbuild writes above each module's code: `// node_modules/zod/…`,
 * or `// ../../work/main/node_modules/zod/…` where node_modules is a link to another folder.
 */
const BUNDLED_ZOD = /^\/\/ (?:\S*\/)?node_modules\/zod\//m
/**
 * The chunk that bundles @sinonjs/fake-timers (tsup.config.ts, bundledFakeTimers), by the way it
 * reads Node's timers there: process.getBuiltinModule, where the library has require.
 */
const BUNDLED_FAKE_TIMERS = /process\.getBuiltinModule\("timers"\)/
/** Code that must load with a first call, never with the import. */
const HEAVY = ['zod', 'undici', '@faker-js/faker', '@mswjs/interceptors', '@sinonjs/fake-timers', 'yaml', 'tinyglobby']
/** The only Node built-ins an import may load: http is for recognising an http.Server target. */
const BUILTINS = ['http', 'module', 'fs', 'url']
/**
 * And the setup file's own: async_hooks for the AsyncLocalStorage that tells concurrent tests
 * apart (matchers/vitest.ts). Node has loaded it before any user code runs (process.moduleLoadList
 * lists 'NativeModule async_hooks' in a bare `node -e`): requiring it took 0.03 ms. And
 * diagnostics_channel, to follow undici's requests from before the app loads (http-answers.ts):
 * preloaded from Node 22 on, 0.25 ms to require on Node 20 (a bare `node -e`). And https, whose
 * request and get must be wrapped before the app's modules capture them (captured-requests.ts):
 * 2.1 ms to require after http on Node 20 (a bare `node -e`). And tls and stream, for the guard on
 * tls.connect that keeps the vendor hosts off the network from setup on, before the app's modules
 * send anything (vendor-guard.ts, its memory socket): requiring https has loaded both already
 * (process.moduleLoadList on Node 20: 'NativeModule stream', 'NativeModule tls'). And net, for
 * the same guard on the vendor hosts' plain-http twins (net.connect): loaded with tls already
 * ('NativeModule net' in the same list).
 */
const SETUP_BUILTINS: Record<string, string[]> = { 'vitest.js': ['async_hooks', 'diagnostics_channel', 'https', 'tls', 'stream', 'net'] }

describe('import(\'callspec\') loads nothing heavy', () => {
  for (const entry of ['index.js', 'vitest.js', 'matchers.js']) {
    const allowed = [...BUILTINS, ...(SETUP_BUILTINS[entry] ?? [])]
    it(`dist/${entry} reaches no heavy library, no driver runtime and only ${allowed.join(', ')}`, () => {
      const { files, packages } = staticGraph(entry)
      const heavy = [...packages].filter((name) => HEAVY.some((h) => name === h || name.startsWith(`${h}/`)))
      expect(heavy, `dist/${entry} imports these at load time; load them on first use instead`).toEqual([])
      const builtins = [...packages].filter((name) => !HEAVY.includes(name) && name !== 'vitest')
      expect(builtins.filter((name) => !allowed.includes(name)), `dist/${entry} loads these Node built-ins at import`).toEqual([])
      // zod is bundled, so it is found by its code, not by an import.
      const bundled = files.filter((f) => BUNDLED_ZOD.test(readFileSync(join(dist, f), 'utf8')))
      expect(bundled, `dist/${entry} reaches bundled zod through these chunks`).toEqual([])
      const fakeTimers = files.filter((f) => BUNDLED_FAKE_TIMERS.test(readFileSync(join(dist, f), 'utf8')))
      expect(fakeTimers, `dist/${entry} reaches bundled @sinonjs/fake-timers through these chunks`).toEqual([])
      expect(files.filter((f) => f.startsWith('runtime/')), 'a driver runtime is loaded at import').toEqual([])
    })
  }

  it('the same walk finds them where they belong (so the checks above can fail)', () => {
    const runtime = staticGraph('runtime/webex-connect.js').files.map((f) => readFileSync(join(dist, f), 'utf8'))
    expect(runtime.some((source) => BUNDLED_ZOD.test(source))).toBe(true)
    expect(runtime.some((source) => source.includes('// drivers/webex-connect/call.ts'))).toBe(true)
    // The agent imports the timers library at load; a call, with its first use.
    expect(staticGraph('agent.js').files.some((f) => BUNDLED_FAKE_TIMERS.test(readFileSync(join(dist, f), 'utf8')))).toBe(true)
    expect(staticGraph('scenarios.js').packages).toContain('yaml')
  })
})

/**
 * Node's ESM loader resolves, reads and compiles each file apart: index's 33 chunks took ~50 ms more
 * CPU to import than the same code bundled in one file (tsup.config.ts, sameChunksAsIndex, keeps
 * them few). Now 7: index.js, the chunk of everything it needs, and the small ones it shares with
 * agent.js and the coverage reporter.
 */
const MAX_INDEX_FILES = 8

describe("import('callspec') loads few files", () => {
  it(`dist/index.js loads at most ${MAX_INDEX_FILES} files`, () => {
    const { files } = staticGraph('index.js')
    expect(files.length, `dist/index.js loads ${files.length} files: ${files.join(', ')}`).toBeLessThanOrEqual(MAX_INDEX_FILES)
  })

  it("agent.js, preloaded in an app's process without callspec, loads none of the call code", () => {
    const sources = staticGraph('agent.js').files.map((f) => readFileSync(join(dist, f), 'utf8'))
    expect(sources.filter((source) => /^\/\/ src\/dsl\/call-flow\.ts$/m.test(source))).toEqual([])
    // The same walk finds it from index.js (so the check above can fail).
    expect(staticGraph('index.js').files.some((f) => /^\/\/ src\/dsl\/call-flow\.ts$/m.test(readFileSync(join(dist, f), 'utf8')))).toBe(true)
  })
})

/**
 * `callspec/vitest`, the setup file, loads in every test file's worker (isolated files each get one):
 * its cost is index's plus what it adds. Measured in a vitest worker: what it adds
 * beyond index is what a first call loads anyway (the clock, transport and guard chunks; the
 * built-ins crypto, zlib, dns, https and tls, which a call without the setup file loads too), plus
 * the matchers and what their messages need, about 30 KB that only it loads. The matchers are
 * synchronous, so that part cannot wait for first use. These bound both, so that the setup file
 * does not grow into what a suite pays in every file without a call needing it.
 */
const MAX_SETUP_FILES = 18
const MAX_SETUP_ONLY_KB = 36

describe("import('callspec/vitest') adds little to import('callspec')", () => {
  /** What a first in-process call loads: the driver's runtime and the flow runner (both `import()`ed by index). */
  const firstCall = () => {
    const runFlow = readdirSync(dist).find((f) => /^run-flow-[\w-]+\.js$/.test(f))
    expect(runFlow, 'dist has a run-flow chunk').toBeDefined()
    return new Set([...staticGraph('runtime/webex-connect.js').files, ...staticGraph(runFlow!).files])
  }

  it(`dist/vitest.js loads at most ${MAX_SETUP_FILES} files`, () => {
    const { files } = staticGraph('vitest.js')
    expect(files.length, `dist/vitest.js loads ${files.length} files: ${files.join(', ')}`).toBeLessThanOrEqual(MAX_SETUP_FILES)
  })

  it(`beyond index and a first call's modules, it loads only the matchers' code (at most ${MAX_SETUP_ONLY_KB} KB)`, () => {
    const index = new Set(staticGraph('index.js').files)
    const call = firstCall()
    const setupOnly = staticGraph('vitest.js').files.filter((f) => !index.has(f) && !call.has(f))
    const kb = setupOnly.reduce((sum, f) => sum + readFileSync(join(dist, f), 'utf8').length, 0) / 1024
    expect(kb, `only dist/vitest.js loads ${setupOnly.join(', ')}: ${kb.toFixed(1)} KB`).toBeLessThanOrEqual(MAX_SETUP_ONLY_KB)
    // Every such file holds matcher code or what the matchers' messages use, not call machinery.
    const callCode = setupOnly.filter((f) => /^\/\/ (?:src\/(?:clock|transport|api|driver)\/|drivers\/)/m.test(readFileSync(join(dist, f), 'utf8')))
    expect(callCode, 'call machinery only the setup file loads: a call would load it too, so it should share its chunks').toEqual([])
  })
})

describe('the first use loads what the import left out', { timeout: 60_000 }, () => {
  it('validate() before any call works synchronously (ESM), and a later call shares the loaded driver', () => {
    expect(JSON.parse(run('test/package/fixtures/validate-first.mjs'))).toEqual({
      before: { ok: false, first: 'PLAY needs at least one audio item (received [])' },
      voxology: false,
      prompts: ['Hello after validate'],
      sameErrorClass: true,
      undiciPoolOnly: true,
    })
  })

  it('a call whose app only answers webhooks leaves the request interceptor unloaded; a call that holds it loads it', () => {
    expect(JSON.parse(run('test/package/fixtures/interceptor-on-demand.mjs'))).toEqual({ prompts: ['Hello'], afterAnswersOnly: 0, afterIntercepting: true })
  })

  it('a Webex Connect call leaves faker unloaded (callspec draws its ids and numbers itself)', () => {
    expect(JSON.parse(run('test/package/fixtures/random-on-demand.mjs'))).toEqual({ prompts: ['Hello'], afterCall: false, afterSecondCall: false })
  })

  it('a Webex Connect call builds the action schemas only: the event schemas when validate() reads an event, the vendor option shapes when options are given, each once', () => {
    expect(JSON.parse(run('test/package/fixtures/schemas-on-demand.mjs'))).toEqual({
      prompts: ['Hello'],
      afterCall: { PLAY: 1, ACCEPTED: 0, 'connect-and-end': 0 },
      valid: [true, false],
      afterAll: { PLAY: 1, ACCEPTED: 1, 'connect-and-end': 1 },
    })
  })

  it("an unref'd worker the app tells things during a call does not keep the process from exiting", () => {
    expect(JSON.parse(run('test/package/fixtures/unref-worker-exit.mjs'))).toEqual({ prompts: ['Hello'] })
  })

  it('validate() before any call works synchronously (CommonJS)', () => {
    expect(JSON.parse(run('test/package/fixtures/validate-first.cjs'))).toEqual({ ok: false, first: 'PLAY needs at least one audio item (received [])' })
  })
})

/**
 * @sinonjs/fake-timers is bundled into dist/ (tsup.config.ts, bundledFakeTimers): required from
 * node_modules, its 21 files took 12.1-15.3 ms to load against 5.4-6.7 ms bundled, paid by a first
 * call and by an app's start under the agent (docs/performance.md). So it is a devDependency, and
 * nothing built may load it from node_modules.
 */
describe('the bundled @sinonjs/fake-timers', () => {
  const builtFiles = () => readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => /\.c?js$/.test(f))

  it('no built file imports or requires @sinonjs/fake-timers, and package.json does not list it as a dependency', () => {
    const loading = builtFiles().filter((f) => /(?:from\s*|import\(|require\()["']@sinonjs\/fake-timers["']/.test(readFileSync(join(dist, f), 'utf8')))
    expect(loading).toEqual([])
    const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
    expect(Object.keys(dependencies)).not.toContain('@sinonjs/fake-timers')
  })

  it("fakes node:timers' own exports as the library does from node_modules, in the ES module and the CommonJS build", () => {
    for (const extension of ['js', 'cjs']) {
      const chunk = readdirSync(dist).find((f) => new RegExp(`^callspec-fake-timers-[\\w-]+\\.${extension}$`).test(f))
      expect(chunk, `dist has the fake-timers chunk (.${extension})`).toBeDefined()
      // A process of its own: installing fakes the globals and node:timers of the process that does it.
      const script = `
        const lib = ${extension === 'js' ? `(await import(${JSON.stringify(join(dist, chunk!))})).default` : `require(${JSON.stringify(join(dist, chunk!))}).default`}
        const timers = process.getBuiltinModule('node:timers')
        const real = timers.setTimeout
        const clock = lib.install({ toFake: ['setTimeout'] })
        const faked = timers.setTimeout === globalThis.setTimeout && timers.setTimeout !== real
        let fired = false
        timers.setTimeout(() => (fired = true), 1000)
        clock.tick(1000)
        clock.uninstall()
        process.stdout.write(JSON.stringify({ faked, fired, restored: timers.setTimeout === real }))`
      const out = execFileSync(process.execPath, [`--input-type=${extension === 'js' ? 'module' : 'commonjs'}`, '-e', script], { cwd: root, encoding: 'utf8', timeout: 30_000 })
      expect(JSON.parse(out), `.${extension}`).toEqual({ faked: true, fired: true, restored: true })
    }
  })
})
