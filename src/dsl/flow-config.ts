import type { PlatformApi } from '../api/types.js'
import type { AppClock } from '../clock/app-clock.js'
import type { AnyDriver, Limits, OptionsOf, PartyBehaviour, TriggerContext } from '../driver/types.js'
import type { AppTarget } from '../transport/types.js'
import type { FlowRoot } from './hooks.js'

/** A fake vendor API served on loopback, from `startPlatform()`. */
export interface PlatformServer {
  readonly platform: string
  readonly url: string
  readonly api: PlatformApi
  close(): Promise<void>
}

/** What the app's unconsumed actions do at the end of a flow (msw's onUnhandledRequest). */
export type UnconsumedPolicy = 'error' | 'warn' | 'ignore'

export interface CallOptions<P extends string = string, D extends AnyDriver = AnyDriver> {
  platform: P
  /** Path on the app that receives the platform's webhooks (default per platform). */
  webhookPath?: string
  /** Seeds ids, numbers and timestamps. Default: derived from the line of the test. */
  seed?: number
  /** Bounds on real waits and on the call's length. */
  limits?: Partial<Limits>
  /** Default 'error': actions the app sent that no step expected fail the call. */
  unconsumed?: UnconsumedPolicy
  /**
   * Where the app's REST requests to the vendor go. 'intercept': the vendor's hosts are answered
   * in this process (callspec's own interceptor; default where an in-process app needs it); a
   * PlatformServer: the app is configured with its URL; 'none': not served.
   */
  api?: 'intercept' | 'none' | PlatformServer
  /** Headers added to every webhook, for apps that check a static credential. */
  headers?: Record<string, string>
  /** Options of this platform's simulation (see its driver's behaviour notes). */
  vendor?: OptionsOf<D>
  /**
   * The app's timers on the call's virtual clock. Default for an app in this process: its
   * `setTimeout`/`setInterval`/`setImmediate`/`Date` are faked for the call (@sinonjs/fake-timers).
   * An app under `node --import callspec/agent`: pass its agent handle. `false`: off.
   */
  appClock?: AppClock | false
  /**
   * 'virtual' (default): time costs nothing. 'real' or `{ scale }`: virtual time runs no faster
   * than the wall clock (times `scale`), for an app whose timers callspec cannot see.
   */
  time?: 'virtual' | 'real' | { scale: number }
}

export const DEFAULT_LIMITS: Limits = {
  responseTimeoutMs: 5_000,
  appTimeoutMs: 5_000,
  maxTurns: 500,
  maxVirtualMs: 4 * 3600_000,
}

/** Everything a flow knows before it runs; copied, never mutated, by each chain method. */
export interface FlowConfig<D extends AnyDriver = AnyDriver> {
  readonly driver: D
  readonly target: AppTarget
  readonly options: CallOptions<string, D>
  readonly from?: string
  readonly to?: string
  readonly callee: PartyBehaviour
  readonly parties: Readonly<Record<string, PartyBehaviour>>
  readonly startedBy?: (ctx: TriggerContext) => unknown
  readonly seed: number
  readonly root: FlowRoot
}
