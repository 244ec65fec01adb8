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

/** The built runtime entry beside (or one folder above) the chunk this code was bundled into. */
function requireRuntime<M>(platform: string): M {
  const here = import.meta.url
  const extension = here.endsWith('.cjs') ? '.cjs' : '.js'
  for (const relative of [`./runtime/${platform}${extension}`, `../runtime/${platform}${extension}`]) {
    const url = new URL(relative, here)
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return createRequire(here)(fileURLToPath(url)) as M
  }
  // Only callspec's own sources run without the built entries (its test setup loads every runtime).
  throw new Error(`[callspec] the ${platform} driver is not loaded yet and cannot be loaded synchronously here; await drivers['${platform}'].load() first.`)
}
