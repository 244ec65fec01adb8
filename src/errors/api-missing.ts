/**
 * "The call needs callspec's fake vendor API and was given none" as data: the platform whose fake
 * REST API an app outside this process needed (an EnableX app drives its calls through it, and
 * startedBy() has the app place its call through it). A mistake in how the call was run, not the
 * app's: `callspec run` exits 2 when every call failed so, and `callspec explore` reports no
 * finding of the app for it. Commands decide on this, not on the message's words, which may change.
 * Stored as a data field (callspec-error.ts), off the error's own properties.
 */
export function apiMissingOf(error: unknown): string | undefined {
  const platform = (error as { apiMissing?: unknown } | null | undefined)?.apiMissing
  return typeof platform === 'string' ? platform : undefined
}

/** Marks `error` as a call that needed the fake `platform` API and was given none. */
export function markApiMissing<E extends Error>(error: E, platform: string): E {
  return Object.assign(error, { apiMissing: platform })
}
