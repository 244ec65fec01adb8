import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

/**
 * A driver's heavy half (its call simulation, REST API and zod schemas), loaded on first use so
 * that `import('callspec')` evaluates none of it: zod and a platform's schemas cost tens of
 * milliseconds, and a test file usually calls one platform.
 *
 * `load()` is the normal path: a call awaits it before it starts. `get()` serves the synchronous
 * APIs (`validate()`, `toBeValidAction`) used before any call: from the built package it requires
 * the runtime's own entry (dist/runtime/<platform>.js, require(esm) on the Node versions callspec
 * supports), so both paths share one module instance.
 */
export interface LazyRuntime<M> {
  /** The loaded runtime; loads it synchronously if nothing has yet. */
  get(): M
  load(): Promise<void>
}

export function lazyRuntime<M>(platform: string, importRuntime: () => Promise<M>): LazyRuntime<M> {
  let runtime: M | undefined
  let loading: Promise<void> | undefined
  return {
    get: () => (runtime ??= requireRuntime<M>(platform)),
    load: () =>
      (loading ??= importRuntime().then(
        (module) => {
          runtime ??= module
        },
        (error: unknown) => {
          loading = undefined
          throw error
        },
      )),
  }
}

/**
 * The built runtime entry beside (or one folder above) the chunk this code was bundled into; from
 * callspec's TypeScript sources, the driver's runtime.ts (which loads where require() compiles
 * TypeScript, as under tsx).
 */
function requireRuntime<M>(platform: string): M {
  const here = import.meta.url
  const candidates = here.endsWith('.ts')
    ? [`../../drivers/${platform}/runtime.ts`]
    : [`./runtime/${platform}${here.endsWith('.cjs') ? '.cjs' : '.js'}`, `../runtime/${platform}${here.endsWith('.cjs') ? '.cjs' : '.js'}`]
  for (const relative of candidates) {
    const url = new URL(relative, here)
    if (url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) continue
    try {
      return createRequire(here)(fileURLToPath(url)) as M
    } catch (error) {
      if (!here.endsWith('.ts')) throw error
    }
  }
  // Only callspec's own sources under a runner that cannot require TypeScript end here (its test
  // setup loads every runtime first).
  throw new Error(`[callspec] the ${platform} driver is not loaded yet and cannot be loaded synchronously here; await drivers['${platform}'].load() first.`)
}
