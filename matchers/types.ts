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
type ActionNameOf<T> =
  IsAny<T> extends true
    ? string
    : CallOf<T> extends { readonly isCallResult: true; readonly actions: ReadonlyArray<{ readonly name: infer N }> }
      ? Listed<N>
      : T extends ReadonlyArray<ActionRecordLike>
        ? PassTheCall
        : string

/** `any` (an asymmetric `expect.toHaveAction(…)`), which a conditional type would split into every branch. */
type IsAny<T> = 0 extends 1 & T ? true : false

/**
 * The call a flow resolves to: `await expect(flow).resolves.toHaveAction('PLAY')` takes the flow's
 * own names (vitest types `.resolves` with the promise's type). A flow not awaited at all has the
 * same `R`: OnAwaited makes that one a type error, and the matcher refuses it at run time too
 * ("Did you forget `await`…") for a JavaScript test or one that casts.
 */
type CallOf<T> = T extends PromiseLike<infer C> ? C : T

/** An entry of `call.actions`, read by shape as ActionNameOf reads the call. */
type ActionRecordLike = { readonly index: number; readonly turn: number; readonly name: string; readonly source: 'response' | 'api' }

/**
 * What the parameter's type says where a call matcher got `call.actions`, not the call (newcomer
 * audit helper-180: `expect(call.actions).toHaveAction('PLAY')` type-checked, and failed only at
 * run time): the compiler quotes it, "Argument of type '"PLAY"' is not assignable to parameter of
 * type '"pass the call itself…"'".
 */
type PassTheCall = 'pass the call itself, not call.actions: expect(call).toHaveAction(…)'

/**
 * toHavePlayed and toHaveHungUp: `Fn` itself, or, where they got `call.actions`, one taking no
 * argument that fits. The whole signature is conditional, not its parameters: a helper generic in
 * the call (`function check<C extends CallResult>(call: C)`) then resolves it through C's
 * constraint, where conditional parameters stayed deferred and refused every argument, `()` included.
 */
type CallMatcher<T, Fn> = IsAny<T> extends true ? Fn : T extends ReadonlyArray<ActionRecordLike> ? (passTheCallItself: PassTheCall) => T : Fn

/**
 * What `this` must be where a call matcher got a flow not awaited (`expect(callTo(app, …)…)`):
 * the compiler quotes it, "The 'this' context of type 'Assertion<CallFlow<…>>' is not assignable to
 * method's 'this' of type '"await the call first: …"'". Said through `this`, not the parameters:
 * `.resolves` gets the same `R` (vitest's Promisify keeps the flow's type) but calls the matcher
 * through its own signature, `(...args) => Promise<…>`, which copies the parameters and drops
 * `this`, so `await expect(flow).resolves.toHavePlayed(…)` still type-checks.
 */
type AwaitFirst = 'await the call first: expect(await callTo(…)…) or await expect(callTo(…)…).resolves'

/** `Fn` as it is, or, where the call matcher got a flow not awaited, one whose `this` is AwaitFirst. */
type OnAwaited<T, Fn> =
  IsAny<T> extends true ? Fn : T extends PromiseLike<unknown> ? (Fn extends (...args: infer A) => infer Out ? (this: AwaitFirst, ...args: A) => Out : Fn) : Fn

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
  toHaveAction: OnAwaited<R, <N extends ActionNameOf<R>>(name: N, match?: MatchFor<R, N>) => R>
  /** The caller heard `text` (substring or RegExp) in any prompt. */
  toHavePlayed: OnAwaited<R, CallMatcher<R, (text: string | RegExp) => R>>
  /** The app ended the call with its own hang-up action. */
  toHaveHungUp: OnAwaited<R, CallMatcher<R, () => R>>
  /** The value is an action `platform` accepts. */
  toBeValidAction: (platform: Platform) => R
}

declare module 'vitest' {
  // vitest 3.2–4.x: one interface types expect(x).m, expect.m and expect.extend together.
  interface Matchers<T = any> extends CallspecMatchers<T> {}
}
