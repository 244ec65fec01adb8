import type { RequestListener, Server } from 'node:http'
import type { CallResult } from '../../src/index.js'

/** One platform's bench: a minimal app and one call against it. */
export interface BenchScenario {
  platform: string
  listener: RequestListener
  call(target: Server, seed: number): PromiseLike<CallResult>
}
