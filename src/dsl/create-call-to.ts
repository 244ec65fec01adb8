import type { AnyDriver } from '../driver/types.js'
import { CallspecUsageError } from '../errors/usage-error.js'
import { assertTarget } from '../transport/index.js'
import type { AppTarget } from '../transport/types.js'
import { captureCallSite, firstFrame } from '../utils/call-site.js'
import { seedFrom } from '../utils/random.js'
import { CallFlow } from './call-flow.js'
import type { CallOptions } from './flow-config.js'
import { flowCreated, type FlowRoot } from './hooks.js'

const callsPerSite = new Map<string, number>()

/** Binds the generic core to a registry of drivers: `callTo(app, { platform })` infers the driver. */
export function createCallTo<R extends Record<string, AnyDriver>>(registry: R) {
  return function callTo<P extends keyof R & string>(target: AppTarget, options: CallOptions<P, R[P]>): CallFlow<R[P]> {
    const site = captureCallSite(callTo)
    assertTarget(target)
    const driver = options?.platform === undefined ? undefined : registry[options.platform]
    if (!driver) {
      throw new CallspecUsageError(
        `[callspec] callTo() needs { platform }, one of: ${Object.keys(registry).map((p) => `'${p}'`).join(', ')}; got ${JSON.stringify(options?.platform)}.`,
      )
    }
    const root: FlowRoot = { awaited: false, site }
    flowCreated(root)
    return new CallFlow<R[P]>({
      driver,
      target,
      options,
      callee: 'answers',
      parties: {},
      seed: options.seed ?? defaultSeed(site),
      root,
    })
  }
}

/** Same test line → same seed, and each call from that line gets its own: deterministic, and ids do not collide. */
function defaultSeed(site: Error): number {
  const frame = firstFrame(site)
  const n = (callsPerSite.get(frame) ?? 0) + 1
  callsPerSite.set(frame, n)
  return seedFrom(`${frame}#${n}`)
}
