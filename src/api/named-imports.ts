import http from 'node:http'
import https from 'node:https'
import { testClockNow } from '../clock/fake-timers-install.js'
import { pinBinding, syncBuiltinBindings } from '../utils/builtin-bindings.js'

type Send = (...args: unknown[]) => unknown
const NAMES = ['request', 'get'] as const

let done: Promise<void> | undefined

/**
 * An app's ESM `import { request } from 'node:https'` holds the function the module had when its
 * ESM facade was built. Request interceptors (callspec's, and the user's nock) replace the module
 * object's `request` and `get`, which such an import never sees: measured, an EnableX app calling
 * the API that way went to the network (ENOTFOUND in CI) and the call failed after
 * `limits.appTimeoutMs` as if the app never sent its request.
 *
 * Once per process, the facades' `request` and `get` become functions that call the module
 * object's current one (pinned there: utils/builtin-bindings.ts), and the module objects keep
 * their own: a named import then behaves as `https.request(…)` does, intercepted while an
 * interceptor is applied and the real client otherwise. (The sync walks every builtin module,
 * ~20 µs: too slow for every call, and not needed again.)
 */
export function namedImportsFollowModules(): Promise<void> | undefined {
  // Under the test's own fake clock, a builtin it replaced would enter the ESM bindings with the
  // sync and stay there once the clock is gone: a later call does it (see timer-modules.ts).
  if (!done && testClockNow() !== undefined) return undefined
  return (done ??= follow())
}

async function follow(): Promise<void> {
  // Build the facades now if nothing has yet: one built later would hold the originals.
  await Promise.all([import('node:http'), import('node:https')])
  for (const module of [http, https] as unknown as Array<Record<(typeof NAMES)[number], Send>>) {
    for (const name of NAMES) {
      const own = module[name]
      let depth = 0
      const current = function (this: unknown, ...args: unknown[]) {
        // A wrapper someone built from the named import and set on the module would call back
        // here: the module's own function breaks the cycle.
        if (depth > 0) return own.apply(this, args)
        depth++
        try {
          return module[name].apply(this, args)
        } finally {
          depth--
        }
      }
      pinBinding(module, name, current)
    }
  }
  syncBuiltinBindings()
}
