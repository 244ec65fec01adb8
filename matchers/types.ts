import 'vitest'
import type { Match, validate } from '../src/index.js'

/** The platforms' names, read off validate() (importing the re-exported type trips the d.ts bundler). */
type Platform = Parameters<typeof validate>[0]

/**
 * The action names of the call under test, as expectAction() takes them: `expect(call)` holds the
 * call (vitest passes the received value's type as the matchers' type parameter), so a misspelt
 * name fails to compile with the platform's names listed. Any string for anything else (a value
 * typed `any`, `expect.toHaveAction(…)`), which the matcher then refuses at run time. Read off
 * the result's shape, not its class: a CommonJS project's call comes from the .d.cts declarations,
 * and `T extends CallResult<…>` against the ESM ones took every name there (newcomer audit-91).
 */
type ActionNameOf<T> = T extends { readonly isCallResult: true; readonly actions: ReadonlyArray<{ readonly name: infer N }> } ? Listed<N> : string

/** The names one by one (a distributed union, which an error message lists, not the alias `ActionName<Driver<…>>`). */
type Listed<N> = N extends string ? N : never

/** The call's action bodies by name (CallResult's type-only `~actions`), read by shape as ActionNameOf is; unknown for anything else. */
type ActionsOfCall<T> = T extends { readonly isCallResult: true; readonly '~actions'?: infer A } ? NonNullable<A> : unknown

/**
 * A match for the action `N` of the call under test, as expectAction() takes one: its keys
 * complete, and a misspelt key fails to compile. Any object for anything else.
 */
type MatchFor<T, N> = N extends keyof ActionsOfCall<T> ? Match<ActionsOfCall<T>[N]> : Record<string, unknown>

export interface CallspecMatchers<R = unknown> {
  /** The app sent an action named `name` (partially matching `match`) anywhere in the call. */
  toHaveAction: <N extends ActionNameOf<R>>(name: N, match?: MatchFor<R, N>) => R
  /** The caller heard `text` (substring or RegExp) in any prompt. */
  toHavePlayed: (text: string | RegExp) => R
  /** The app ended the call with its own hang-up action. */
  toHaveHungUp: () => R
  /** The value is an action `platform` accepts. */
  toBeValidAction: (platform: Platform) => R
}

declare module 'vitest' {
  // vitest 3.2–4.x: one interface types expect(x).m, expect.m and expect.extend together.
  interface Matchers<T = any> extends CallspecMatchers<T> {}
}
