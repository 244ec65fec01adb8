import type { AnyDriver } from '../driver/types.js'
import { CallspecUsageError } from '../errors/usage-error.js'
import { classifyTarget } from '../transport/app-target.js'
import type { AppTarget } from '../transport/types.js'
import { captureCallSite, firstFrame } from '../utils/call-site.js'
import { didYouMeanPlatform } from '../utils/closest-platform.js'
import { seedFrom } from '../utils/random.js'
import { CallFlow } from './call-flow.js'
import { checkCallOptions } from './check-options.js'
import type { CallOptions } from './flow-config.js'
import { currentTest, flowCreated, type FlowRoot, type RunningTest } from './hooks.js'

/** Calls made so far by each run of a test, and (outside a runner integration) from each line. */
const callsPerTest = new WeakMap<object, number>()
const callsPerLine = new Map<string, number>()

/**
 * True for a union of two or more members. Exported, and `callTo` typed by the named CallTo below,
 * so the built declarations refer to these aliases: inlined by the declaration emitter, `U = T`
 * became the distributed member itself (`[P] extends [P]`), never true, and a misspelt platform or
 * options kept in a variable made every later step `… not assignable to parameter of type
 * 'never'` from the package (helper-125), though not from the source.
 */
export type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never

/**
 * The driver of platform P; any driver when P is no single platform, which is what TypeScript
 * falls back to for a misspelt `platform` or one widened to string (options kept in a variable
 * without `as const`). That mistake is then the one error: with the drivers' union, every step
 * after it failed too (`'"ANSWER"' is not assignable to parameter of type 'never'`), and the
 * options' type printed every driver (audit newcomer-65).
 */
export type DriverOf<R extends Record<string, AnyDriver>, P extends keyof R> = true extends IsUnion<P> ? AnyDriver : R[P]

/** `callTo` over a registry of drivers: the platform's literal picks its driver. */
export interface CallTo<R extends Record<string, AnyDriver>> {
  <P extends keyof R & string>(target: AppTarget, options: CallOptions<P, DriverOf<R, P>>): CallFlow<DriverOf<R, P>>
}

/** Binds the generic core to a registry of drivers: `callTo(app, { platform })` infers the driver. */
export function createCallTo<R extends Record<string, AnyDriver>>(registry: R): CallTo<R> {
  return function callTo<P extends keyof R & string>(target: AppTarget, options: CallOptions<P, DriverOf<R, P>>): CallFlow<DriverOf<R, P>> {
    classifyTarget(target)
    const driver = options?.platform === undefined ? undefined : registry[options.platform]
    if (!driver) {
      const platforms = Object.keys(registry)
      throw new CallspecUsageError(
        `[callspec] callTo() needs { platform }, one of: ${platforms.map((p) => `'${p}'`).join(', ')}; got ${JSON.stringify(options?.platform)}.${didYouMeanPlatform(options?.platform, platforms)}`,
      )
    }
    checkCallOptions(options, driver)
    // Outside a known test and with no seed given, the line of callTo() seeds the call: taken only
    // then. A failure finds the test's line where the flow is awaited (call-site.ts: awaitedAt).
    const test = options.seed === undefined ? currentTest() : undefined
    const site = options.seed === undefined && !test ? captureCallSite(callTo) : undefined
    const root: FlowRoot = { awaited: false, site, written: undefined, latest: undefined }
    flowCreated(root)
    return new CallFlow<DriverOf<R, P>>({
      // The registry's own: P's driver (DriverOf widens only a platform that is none of them).
      driver: driver as DriverOf<R, P>,
      target,
      options,
      callee: 'answers',
      parties: {},
      seed: options.seed ?? (test ? testSeed(test) : lineSeed(firstFrame(site!))),
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
