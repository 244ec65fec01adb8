import type { PlatformApi } from '../api/types.js'
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
  /** Seeds ids, numbers and timestamps. Default: derived from the line of the test. */
  seed?: number
  /** Bounds on real waits and on the call's length. */
  limits?: Partial<Limits>
  /** Default 'error': actions the app sent that no step expected fail the call. */
  unconsumed?: UnconsumedPolicy
  /**
   * Where the app's REST requests to the vendor go. 'intercept': the vendor's hosts are answered
   * in this process (nock; default for in-process apps started with startedBy()); a
   * PlatformServer: the app is configured with its URL; 'none': not served.
   */
  api?: 'intercept' | 'none' | PlatformServer
  /** Headers added to every webhook, for apps that check a static credential. */
  headers?: Record<string, string>
  /** Options of this platform's simulation (see its driver's behaviour notes). */
  vendor?: OptionsOf<D>
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
