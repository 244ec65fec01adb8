/**
 * `build`, run on the first call and its result kept: for values that cost time to build at module
 * load (zod schemas most of all) and that a module's usual path does not reach. A call's first
 * turn runs in every fresh test process, so what it does not need is better built when asked for.
 */
export function onFirstUse<T>(build: () => T): () => T {
  let built: { value: T } | undefined
  return () => (built ??= { value: build() }).value
}
