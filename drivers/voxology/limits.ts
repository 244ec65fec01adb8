/**
 * Bounds callspec puts on a Voxology app's answers. Voxology documents none: these are callspec's
 * own [inferred], far above anything a real script needs, and they exist so that a broken or
 * hostile answer fails with a message naming the place at fault instead of overflowing the stack
 * or blocking the event loop. Each is checked before the thing it bounds is parsed or walked.
 */
export const LIMITS = {
  /** Characters in one IF condition. */
  maxConditionLength: 4_096,
  /** Parentheses and `!`/`-` nested inside one another in one IF condition. */
  maxConditionDepth: 64,
  /** IFs nested inside one another's then/orElse. */
  maxScriptDepth: 32,
  /** JSON nesting of one callback answer (objects and arrays inside one another). */
  maxAnswerDepth: 128,
  /** Problems listed per SAY text (a text of 150,000 bad `${…}` gets the first ones and a count). */
  maxTemplateProblems: 10,
} as const

/** How a limit is named in messages, so the user knows whose bound it is. */
export const limitNote = (name: keyof typeof LIMITS) => `callspec's own bound, LIMITS.${name} [inferred]: Voxology documents none`
