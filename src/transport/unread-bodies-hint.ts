/**
 * The hint under a failure whose app answered every webhook without reading its body (worded in
 * app-signs.ts), in a module of its own: the first-turn hint, which leaves it out under a 404, is
 * loaded with `import('callspec')`, and app-signs.ts brings node:stream and diagnostics_channel.
 */
const UNREAD_BODIES_HINT = 'Hint: the app answered '

/** The hint's line: the app answered `what` (the webhook, all 3 webhooks) without reading `whose` (its body, their bodies). */
export const unreadBodiesLine = (what: string, whose: string): string => `${UNREAD_BODIES_HINT}${what} without reading ${whose}. `

/** A failure's line that is the unread-bodies hint (a 404 for a path the app has no route for explains it instead). */
export const isUnreadBodiesHint = (line: string): boolean => line.startsWith(UNREAD_BODIES_HINT) && line.includes(' without reading ')
