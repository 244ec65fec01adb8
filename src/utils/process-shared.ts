/**
 * State one process holds once, whichever copy of callspec asks: a CommonJS helper that
 * `require`s callspec beside a test that `import`s it loads two copies (dist/index.cjs and
 * dist/index.js) into one vitest worker, and the coverage setup file may load a third. What must be
 * one per process — the turns calls take on the app's clock (one set of timer globals), the test
 * runner's hooks the setup file registers — lives on globalThis under a registered symbol, so every
 * copy finds the same (audit-111: two copies' calls overlapped, and `setTimeout` stayed faked).
 */
export function processShared<T extends object>(name: string, create: () => T): T {
  const key = Symbol.for(`callspec.${name}`)
  const slots = globalThis as Record<symbol, unknown>
  return (slots[key] as T | undefined) ?? ((slots[key] = create()) as T)
}
