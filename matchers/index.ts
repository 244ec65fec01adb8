/** The callspec matchers as plain functions, for `expect.extend()`; no side effects. */
export { toHaveAction } from './to-have-action.js'
export { toHavePlayed } from './to-have-played.js'
export { toHaveHungUp } from './to-have-hung-up.js'
export { toBeValidAction } from './to-be-valid-action.js'
export type { CallspecMatchers } from './types.js'
