import type { RequestListener } from 'node:http'
import type { AppTarget, CallResult, callTo } from '../../src/index.js'

export type CallTo = typeof callTo

/** One platform's bench: a minimal app and one call against it, through the `callTo` given. */
export interface BenchScenario {
  platform: string
  listener: RequestListener
  call(callTo: CallTo, target: AppTarget, seed: number): PromiseLike<CallResult>
}
