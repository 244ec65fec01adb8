import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'

/** Runs the suites of test/scenario/fixtures under vitest in a child process, as a user's `vitest run` would. */
function runSuites(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/scenario/fixtures/vitest.config.ts'], {
      env: { ...process.env, VITEST_POOL_ID: undefined, VITEST_WORKER_ID: undefined, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('close', (code) => resolve({ code, output }))
  })
}

// A whole vitest in a child process: tens of seconds on a loaded machine.
describe('scenarios() under vitest', { timeout: 180_000 }, () => {
  it('fails a file whose /pattern/ is no regular expression as one test naming file:line:column, the step and the error', async () => {
    const { code, output } = await runSuites()
    expect(output).toContain('test/cli/fixtures/bad-patterns/heard.yaml:6:12: step 3 (heard): "/Pizza (Planet/" is not a valid pattern (Invalid regular expression: /Pizza (Planet/: Unterminated group): put a \\ before')
    expect(output).toContain('test/cli/fixtures/bad-patterns/match.yaml:6:31: step 2 (expect PLAY): "/Pizza (Planet/" is not a valid pattern (')
    expect(output).toContain('test/cli/fixtures/bad-patterns/match.json:4:88: step 2 (expect PLAY): "/a(/" is not a valid pattern (')
    expect(output).toContain('test/cli/fixtures/bad-patterns/flags.yaml:6:31: step 2 (expect PLAY): /Welcome/z is not a pattern: "z" is not a flag')
    expect(output).toMatch(/Tests {2}4 failed \(4\)/)
    expect(code).toBe(1)
  })
})
