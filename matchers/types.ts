import 'vitest'
import type { validate } from '../src/index.js'

/** The platforms' names, read off validate() (importing the re-exported type trips the d.ts bundler). */
type Platform = Parameters<typeof validate>[0]

export interface CallspecMatchers<R = unknown> {
  /** The app sent an action named `name` (partially matching `match`) anywhere in the call. */
  toHaveAction: (name: string, match?: Record<string, unknown>) => R
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
