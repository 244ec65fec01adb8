import type { RequestListener } from 'node:http'
import type { AppTarget, CallResult } from '../../src/index.js'

/** One platform's bench: a minimal app and one call against it. */
export interface BenchScenario {
  platform: string
  listener: RequestListener
  call(target: AppTarget, seed: number): PromiseLike<CallResult>
}
