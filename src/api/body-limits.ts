/** Default for `startPlatform(…, { maxBodyBytes })`, and the in-process cap: far above any vendor request, far below a memory problem. */
export const DEFAULT_MAX_API_BODY_BYTES = 5 * 1024 * 1024

/**
 * How long a fake API waits for a request's body to end, from its head (startPlatform() and
 * in-process alike): far above any vendor request's, and a bound on one that never ends (before
 * it, Node's own 300 s requestTimeout by URL, and none at all in process).
 */
export const API_BODY_TIMEOUT_MS = 10_000
