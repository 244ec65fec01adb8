/**
 * An answer to a live callback (init_call, redirect, script_end) that names no script: an empty
 * body, a 204, or `{}` (the acknowledgement Voxology's own SMS tutorial sends). Documented: a live
 * callback is answered with {"actions": [...]}, and only the final callback takes no body. Not
 * documented: what Voxology does with no script, so rule voxology/empty-callback-answer is
 * inferred. One wording for the call (callback-loop.ts) and validate('voxology', 'script'), so
 * `{}` gets one verdict from both (it failed validate() under voxology/script-shape, the docs'
 * rule, while the call only warned).
 */
export const EMPTY_RULE = 'voxology/empty-callback-answer'

/** What the docs answer a callback with (Voxology's Call Flow Loop docs, Callback Request). */
export const EXPECTED = 'a JSON script {"actions": [...]}'

/** `{}`: a JSON object with no keys (an acknowledgement, not a script). An object with keys but no `actions` ({"ncco": []}) is not one: voxology/script-shape's. */
export const isEmptyObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0

/** `what`: the callback answered ("the script_end callback"); `answered`: with what ("an empty body"). */
export const noScriptProblem = (what: string, answered: string): string =>
  `the app answered ${what} with ${answered}; the platform expects ${EXPECTED} (only the final callback is documented to take no body). ` +
  "The docs do not say what Voxology does with a live callback answered with no script: callspec's inference is that the flow ends there, so the call ends and the final callback goes out"
