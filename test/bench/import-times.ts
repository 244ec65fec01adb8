import { execFileSync } from 'node:child_process'

/**
 * `import(specifier)` timed in a fresh node process each run (the cost every vitest worker and
 * every test file's module graph pays), from the built package as users get it.
 */
export async function importTimes(specifiers: string[], runs: number): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = Object.fromEntries(specifiers.map((s) => [s, []]))
  for (let i = 0; i < runs; i++) {
    // Interleaved, so machine drift hits every specifier alike.
    for (const specifier of specifiers) {
      const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}).catch(() => {}); process.stdout.write(String(performance.now() - t))`
      const ms = Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }))
      out[specifier]!.push(ms)
    }
  }
  return out
}
