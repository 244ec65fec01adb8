/**
 * p-retry 7's loop, inline: exponential backoff (factor 2) from `minTimeout`, cut to what is left of
 * `maxRetryTime`, measured with performance.now(). Plain JavaScript, so an app run in its own process
 * (test/agent/fixtures) and a test's in-process app share it.
 */
export async function retry(attempt, { retries, minTimeout, maxRetryTime }) {
  const started = performance.now()
  for (let consumed = 0; ; consumed++) {
    try {
      return await attempt()
    } catch (error) {
      const remaining = maxRetryTime - (performance.now() - started)
      if (remaining <= 0 || consumed >= retries) throw error
      await new Promise((resolve) => setTimeout(resolve, Math.min(minTimeout * 2 ** consumed, remaining)))
    }
  }
}
