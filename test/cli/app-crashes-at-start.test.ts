import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { cliProcess, FIXTURES, xmlEscaped } from './run-cli.js'
import { freePort } from '../helpers/free-port.js'
import { tempDir } from '../helpers/temp-dir.js'

// audit-86 findings 2 and 6. With --start and no --wait-on, an app that crashes as it loads was
// reported by chance: its calls failed ("nothing listens … is the app running?") when its exit came
// more than 100 ms after the first refused request, else skipped. Now a call refused before the
// app was ever seen to answer waits (at most 3 s, less once the app exits or listens) to learn
// whether the app exited: here it always did, and the calls are skipped, as documented.
// And the JUnit report's message of the stop ended in "Its output:", the cause left out: it now
// carries the app's last word (for a Node crash, the error's line, not the `Node.js v…` trailer).
describe('callspec run --start without --wait-on: an app that crashes 400 ms after it starts', () => {
  it('skips every call naming the exit and the error, every time; the JUnit message says why', async () => {
    const dir = tempDir('crash-at-start')
    const port = await freePort()
    const command = `node ${FIXTURES}/apps/crashes-as-it-loads.mjs`
    const files = ['a', 'b'].map((f) => `${FIXTURES}/shard/${f}.yaml`)
    const { code, out, err } = await cliProcess(['run', ...files, '--start', command, '--target', `http://127.0.0.1:${port}`, '--reporter', 'pretty', '--reporter', `junit:${dir}/junit.xml`])
    const notRun = 'not run: the app (--start) exited with code 1 before it started; its last output: "Error: config missing DB_URL (simulated)"'
    // No call finished: the stop's message is the report (the skipped calls are in the junit one).
    expect(out).toBe('')
    const first = `--start ${JSON.stringify(command)} exited with code 1 during the run, which stopped there; its last output: "Error: config missing DB_URL (simulated)".`
    expect(err).toMatch(new RegExp(`^callspec run: ${first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\nIts output:\n[^]*\nError: config missing DB_URL \\(simulated\\)\n {4}at [^]*\nNode\\.js v[\\d.]+\ncallspec: junit report written to [^\n]+\n$`))
    expect(code).toBe(2)
    const junit = readFileSync(`${dir}/junit.xml`, 'utf8')
    // The message: the first line, with the cause (before: "… which stopped there. Its output:").
    expect(junit).toContain(`<testcase name="run stopped" classname="callspec run" time="0.000">\n      <error message="${xmlEscaped(first)}" type="AppExited">${xmlEscaped(first)}\nIts output:\n`)
    for (const f of ['a', 'b']) expect(junit).toContain(`<testcase name="shard file ${f}" classname="${FIXTURES}/shard/${f}.yaml" time="0.000">\n      <skipped message="${xmlEscaped(notRun)}"/>`)
  }, 30_000)
})
