import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'

/**
 * Runs the suites of test/scenario/fixtures under vitest in a child process, as a user's `vitest run`
 * would: on the built callspec (dist/) where it is fresh, else the sources (test/helpers/nested-vitest.ts).
 */
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

/** One child vitest for the tests below: each reads its own files' lines of the output. */
let suites: ReturnType<typeof runSuites> | undefined
const suitesRun = () => (suites ??= runSuites())

// A whole vitest in a child process: tens of seconds on a loaded machine.
describe('scenarios() under vitest', { timeout: 180_000 }, () => {
  it('fails a file whose /pattern/ is no regular expression as one test naming file:line:column, the step and the error', async () => {
    const { code, output } = await suitesRun()
    expect(output).toContain('test/cli/fixtures/bad-patterns/heard.yaml:6:12: step 3 (heard): "/Pizza (Planet/" is not a valid pattern (Invalid regular expression: /Pizza (Planet/: Unterminated group): put a \\ before')
    expect(output).toContain('test/cli/fixtures/bad-patterns/match.yaml:6:31: step 2 (expect PLAY): "/Pizza (Planet/" is not a valid pattern (')
    expect(output).toContain('test/cli/fixtures/bad-patterns/match.json:4:88: step 2 (expect PLAY): "/a(/" is not a valid pattern (')
    expect(output).toContain('test/cli/fixtures/bad-patterns/flags.yaml:6:31: step 2 (expect PLAY): /Welcome/z is not a pattern: "z" is not a flag')
    expect(output).toMatch(/Tests {2}7 failed \(7\)/)
    expect(code).toBe(1)
  })

  // As `callspec run` checks them at load: before, the file's call ran, and failed on whatever the app did.
  it('fails a file whose match names no field of its action as one test named for the file, with file:line:column and the did-you-mean', async () => {
    const { output } = await suitesRun()
    const file = 'test/scenario/fixtures/match-fields/typo.yaml'
    expect(output).toMatch(new RegExp(`× test/scenario/fixtures/match-fields\\.suite\\.ts > ${file.replace(/\./g, '\\.')}`))
    expect(output).toContain(
      `${file}:7:14: step 2 (expect PLAY): PLAY has no field "colectInput" (did you mean "collectInput"?); its fields are action, audio, recordCall, collectInput, streamInput`,
    )
    expect(output).not.toContain('a misspelt match field')
  })

  // newcomer audit-119: the frame vitest printed and linked under a failing call was callspec's
  // own module (node_modules/callspec/src/scenario/run.ts, not in the package).
  it("points a failing call at its step's line in the scenario file, with no frame of callspec's modules", async () => {
    const { output } = await suitesRun()
    const file = 'test/scenario/fixtures/failing-call/menu.yaml'
    const failures = output.split(/FAIL {2}test\/scenario\/fixtures\//).filter((part) => part.startsWith('failing-call.suite.ts'))
    expect(failures).toHaveLength(2)
    const [sales, greeting] = failures
    expect(sales).toContain(`at ${file}:6:9 (scenario "sales")`)
    // The replay as a scenario file sets it, not as callTo()'s option.
    expect(sales).toMatch(/Replay this exact call with seed: \d+ in its scenario\./)
    // The frame vitest prints (and links) under each: the step's line in the file.
    expect(sales).toContain(`❯ scenario "sales" ${file}:6:9`)
    expect(greeting).toContain(`❯ scenario "greeting" ${file}:11:9`)
    for (const failure of failures) expect(failure).not.toMatch(/src\/(scenario|dsl)\/|node_modules\/callspec/)
  })
})

