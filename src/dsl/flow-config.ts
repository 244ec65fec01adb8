import type { PlatformApi } from '../api/types.js'
import type { AppClock } from '../clock/app-clock.js'
import type { AnyDriver, Limits, OptionsOf, PartyBehaviour, RuleIdOf, TriggerContext } from '../driver/types.js'
import type { WarningsOutput } from '../session/warnings.js'
import type { RuleLevel } from '../validation/rules.js'
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
  /** Seeds ids and numbers (not the start: see startAt). Default: derived from the line of the test. */
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
  /**
   * How an in-process app is reached. 'memory' (default): real HTTP over in-memory connections,
   * no port; 'tcp': over loopback sockets (the app's server listens, or keeps its own). URL
   * targets always use TCP.
   */
  transport?: 'memory' | 'tcp'
  /** Options of this platform's simulation (see its driver's behaviour notes). */
  vendor?: OptionsOf<D>
  /**
   * The app's timers on the call's virtual clock. Default for an app in this process: its
   * `setTimeout`/`setInterval`/`setImmediate`/`Date` are faked for the call (@sinonjs/fake-timers).
   * An app under `node --import callspec/agent`: pass its agent handle. `false`: off; `true`: the default.
   */
  appClock?: AppClock | boolean
  /**
   * 'virtual' (default): time costs nothing. 'real' or `{ scale }`: virtual time runs no faster
   * than the wall clock (times `scale`), for an app whose timers callspec cannot see.
   */
  time?: 'virtual' | 'real' | { scale: number }
  /**
   * The wall-clock instant the call starts at (a `Date`, an ISO string such as
   * '2026-03-04T15:00:00Z', or epoch ms), for an app with business hours: what the events'
   * timestamps say, and what the app's `Date` reads when its clock is the call's (an app in this
   * process, or under callspec/agent; the test's own `vi.useFakeTimers()` clock moves there).
   * Default: that test clock's time if one is installed (an app in this process), else 09:00 UTC
   * on 2026-03-02, the same for every call. Calls that overlap share the app's clock: the first one's start holds.
   */
  startAt?: Date | string | number
  /**
   * Every rule fails the call, inferred ones too (default false: a rule the vendor documents
   * fails the call, a rule callspec inferred only warns). See docs/rules.md.
   */
  strict?: boolean
  /** One rule's level, ESLint style: `{ '8x8/unknown-keys': 'error' }`. Wins over `strict`. Ids: the driver's behaviour notes. */
  rules?: Partial<Record<RuleIdOf<D>, RuleLevel>>
  /** 'print' (default): a call's warnings go to stderr once, at its end; 'silent': only `call.warnings` holds them. */
  warnings?: WarningsOutput
}

/**
 * Defaults outside a test runner we can read. The waits stay under the 5 s test timeout of
 * vitest and jest, so callspec's message, not the runner's, reports a hung app; under vitest
 * they are fitted to the test's own timeout (resolve-limits.ts).
 */
export const DEFAULT_LIMITS: Limits = {
  responseTimeoutMs: 4_000,
  appTimeoutMs: 4_000,
  maxTurns: 500,
  maxVirtualMs: 4 * 3600_000,
  maxBodyBytes: 8 * 1024 * 1024,
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
