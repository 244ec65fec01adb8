import type { CallFlow } from '../dsl/call-flow.js'
import type { CallOptions } from '../dsl/flow-config.js'
import type { AnyDriver } from '../driver/types.js'
import type { AppTarget } from '../transport/types.js'
import type { ExploreOptions } from './types.js'

type CallToFn = (target: AppTarget, options: CallOptions<any>) => CallFlow<AnyDriver>

/**
 * The call the explorer places (and an emitted suite replays): the exploration's call options,
 * the given seed, actions not expected by a step allowed, then the user's setup().
 */
export function replayCall(callTo: CallToFn, target: AppTarget, options: ExploreOptions, seed: number): CallFlow<AnyDriver> {
  const callOptions = callOptionsOf(options)
  // The explorer's default: a REST-driven app that goes quiet is given 2 s, not 5, per call.
  const limits = { appTimeoutMs: 2_000, ...callOptions.limits }
  const flow = callTo(target, { ...callOptions, limits, seed, unconsumed: 'ignore' })
  return options.setup ? options.setup(flow) : flow
}

/** The exploration's call options: all but the explorer's own (a finding's replay prints them too: findings.ts). */
export function callOptionsOf(options: ExploreOptions): Omit<ExploreOptions, ExploreOnly> {
  const { setup: _s, hints: _h, maxCalls: _c, maxDepth: _d, timeLimitMs: _t, keys: _k, concurrency: _w, loopRepeats: _r, ...callOptions } = options
  return callOptions
}

type ExploreOnly = 'setup' | 'hints' | 'maxCalls' | 'maxDepth' | 'timeLimitMs' | 'keys' | 'concurrency' | 'loopRepeats'
