import type { AnyDriver } from '../driver/types.js'
import { CallspecUsageError } from '../errors/usage-error.js'
import { assertTarget } from '../transport/index.js'
import type { AppTarget } from '../transport/types.js'
import { captureCallSite, firstFrame } from '../utils/call-site.js'
import { seedFrom } from '../utils/random.js'
import { CallFlow } from './call-flow.js'
import type { CallOptions } from './flow-config.js'
import { flowCreated, watchingFlows, type FlowRoot } from './hooks.js'

/** Stands in for the callTo() line when it was not captured (failures point at the step instead). */
const NO_SITE: Error = { name: 'Error', message: 'callTo()', stack: 'Error: callTo()' }

const callsPerSite = new Map<string, number>()

/** Binds the generic core to a registry of drivers: `callTo(app, { platform })` infers the driver. */
export function createCallTo<R extends Record<string, AnyDriver>>(registry: R) {
  return function callTo<P extends keyof R & string>(target: AppTarget, options: CallOptions<P, R[P]>): CallFlow<R[P]> {
    assertTarget(target)
    const driver = options?.platform === undefined ? undefined : registry[options.platform]
    if (!driver) {
      throw new CallspecUsageError(
        `[callspec] callTo() needs { platform }, one of: ${Object.keys(registry).map((p) => `'${p}'`).join(', ')}; got ${JSON.stringify(options?.platform)}.`,
      )
    }
    // The line of callTo() is needed for a default seed and for the never-awaited report; a
    // stack capture is the costliest thing a call's set-up does, so take it only then.
    const site = options.seed === undefined || watchingFlows() ? captureCallSite(callTo) : undefined
    const root: FlowRoot = { awaited: false, site: site ?? NO_SITE }
    flowCreated(root)
    return new CallFlow<R[P]>({
      driver,
      target,
      options,
      callee: 'answers',
      parties: {},
      seed: options.seed ?? defaultSeed(site!),
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
