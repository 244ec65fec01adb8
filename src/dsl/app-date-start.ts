/**
 * Failures of calls whose app read callspec's default start on its own `Date` (run-flow.ts sets,
 * first-turn-hint.ts reads): kept off the error itself, whose own fields a runner prints.
 */
export const appReadDefaultStart = new WeakMap<object, number>()
