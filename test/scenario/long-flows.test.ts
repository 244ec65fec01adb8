import { describe, expect, it } from 'vitest'
import { createIvrApp, exampleConfig } from '../../examples/webex-connect-pin-ivr/app.js'
import { callTo, drivers } from '../../src/index.js'
import { compileScenario, type AnyCallTo } from '../../src/scenario/compile.js'
import { parseScenarioFile } from '../../src/scenario/parse.js'

// A long scenario file (a load test's 40 000 steps) is written into a flow in time linear in its
// steps: each step copied the whole list before (40 000 steps: 196 s of CPU before any call).
describe('a scenario with many steps', () => {
  it('40 000 steps compile in well under a few seconds', async () => {
    const text = `platform: webex-connect\nsteps:\n  - expect: ANSWER\n${'  - silent: 100ms\n'.repeat(40_000)}`
    const [scenario] = parseScenarioFile(text, 'long.yaml', drivers).scenarios
    const started = performance.now()
    const flow = compileScenario(scenario!, callTo as unknown as AnyCallTo, 'http://127.0.0.1:9')
    expect(performance.now() - started).toBeLessThan(3000)
    // Run (nothing listens there): a flow written and never awaited is an error of its own.
    await expect(flow).rejects.toThrow(/nothing listens at 127\.0\.0\.1:9/)
  }, 30_000)

  it('a prefix continued two ways is two calls, each with its own steps', async () => {
    const app = createIvrApp(exampleConfig())
    const prefix = callTo(app, { platform: 'webex-connect', webhookPath: '/webex/events' }).expectAction('ANSWER')
    const heard = prefix.expectAction('PLAY').hangUp()
    const hungUp = prefix.hangUp()
    expect((await heard).transcript.print()).toContain('← PLAY')
    expect((await hungUp).transcript.print()).not.toContain('← PLAY')
  }, 30_000)
})
