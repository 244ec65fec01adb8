import type { AnyDriver } from '../driver/types.js'
import { CallspecUsageError } from '../errors/usage-error.js'
import { classifyTarget } from '../transport/app-target.js'
import type { AppTarget } from '../transport/types.js'
import { captureCallSite, firstFrame } from '../utils/call-site.js'
import { didYouMeanPlatform } from '../utils/closest-platform.js'
import { seedFrom } from '../utils/random.js'
import { CallFlow } from './call-flow.js'
import type { CallOptions } from './flow-config.js'
import { currentTest, flowCreated, type FlowRoot, type RunningTest } from './hooks.js'

/** Calls made so far by each run of a test, and (outside a runner integration) from each line. */
const callsPerTest = new WeakMap<object, number>()
const callsPerLine = new Map<string, number>()

/** Binds the generic core to a registry of drivers: `callTo(app, { platform })` infers the driver. */
export function createCallTo<R extends Record<string, AnyDriver>>(registry: R) {
  return function callTo<P extends keyof R & string>(target: AppTarget, options: CallOptions<P, R[P]>): CallFlow<R[P]> {
    classifyTarget(target)
    const driver = options?.platform === undefined ? undefined : registry[options.platform]
    if (!driver) {
      const platforms = Object.keys(registry)
      throw new CallspecUsageError(
        `[callspec] callTo() needs { platform }, one of: ${platforms.map((p) => `'${p}'`).join(', ')}; got ${JSON.stringify(options?.platform)}.${didYouMeanPlatform(options?.platform, platforms)}`,
      )
    }
    // The line of callTo(): where a failure points (its steps' lines are found from it, see
    // step-site.ts), the never-awaited report, and outside a known test the default seed.
    const site = captureCallSite(callTo)
    const test = options.seed === undefined ? currentTest() : undefined
    const root: FlowRoot = { awaited: false, site }
    flowCreated(root)
    return new CallFlow<R[P]>({
      driver,
      target,
      options,
      callee: 'answers',
      parties: {},
      seed: options.seed ?? (test ? testSeed(test) : lineSeed(firstFrame(site))),
      root,
    })
  }
}

/** The test's name plus the call's ordinal within this run of it: same test, same seeds; each call its own. */
function testSeed(test: RunningTest): number {
  const n = (callsPerTest.get(test.scope) ?? 0) + 1
  callsPerTest.set(test.scope, n)
  return seedFrom(`${test.name}#${n}`)
}

/** No runner integration: the callTo() line plus how many calls it has made. */
function lineSeed(frame: string): number {
  const n = (callsPerLine.get(frame) ?? 0) + 1
  callsPerLine.set(frame, n)
  return seedFrom(`${frame}#${n}`)
}
