import { describe, expect, it } from 'vitest'
import { exploredCall } from '../../src/index.js'
import { explored, loadConfig } from './helpers.js'

// Each exploration places about 60 calls: seconds of real time on a loaded machine.
describe('the explorer on an app with planted defects', { timeout: 60_000 }, () => {
  it('reports the crash on one key with the path that reaches it, and the path reproduces it', async () => {
    const result = await explored('planted')
    const crash = result.findings.filter((f) => f.kind === 'app-error')
    expect(crash).toHaveLength(1)
    expect(crash[0]!.message).toMatch(/^The call fails: .*the app answered COLLECTED_DIGITS with HTTP 500/)
    expect(crash[0]!.steps).toEqual(["pressDigits('2')", "pressDigits('1')"])
    expect(crash[0]!.repro).toContain(`seed: ${crash[0]!.seed}`)

    const config = await loadConfig('planted')
    await expect(exploredCall(config, crash[0]!.seed).pressDigits('2').pressDigits('1').untilListening()).rejects.toThrow(
      /turn 4, pressDigits\('1'\): the app answered COLLECTED_DIGITS with HTTP 500/,
    )
  })

  it('reports the endless retry loop of the main menu, and the steps show the call still at the menu', async () => {
    const result = await explored('planted')
    const loops = result.findings.filter((f) => f.kind === 'endless-loop' && /^A caller who says nothing at "Acme Utilities/.test(f.message))
    expect(loops).toHaveLength(1)
    expect(loops[0]!.message).toContain('after 8 times the call is still at "Sorry, I did not get that. Acme Utilities')
    expect(loops[0]!.steps).toEqual(Array(8).fill('waitForTimeout()'))

    const config = await loadConfig('planted')
    let flow = exploredCall(config, loops[0]!.seed)
    for (let i = 0; i < 8; i++) flow = flow.waitForTimeout()
    const call = await flow.untilListening()
    expect(call.end).toMatchObject({ by: 'caller', reason: 'caller hung up' })
    // Eight re-prompts sent; the caller hung up as the eighth began.
    expect(call.actions.filter((a) => a.summary.includes('Sorry, I did not get that.'))).toHaveLength(8)
    expect(call.prompts.at(-1)).toMatch(/^Sorry, I did not get that\. Acme Utilities/)
  })

  it('reports the dead end at the help desk (no way out but hanging up), reached by key 3', async () => {
    const result = await explored('planted')
    const dead = result.findings.filter((f) => f.kind === 'dead-end')
    expect(dead.map((f) => f.message)).toEqual([
      'No input at "The help desk is closed. Press any key to hear this message…" leads anywhere but back into the menu: the only way out is for the caller to hang up.',
    ])
    expect(dead[0]!.steps).toEqual(["pressDigits('3')"])
  })

  it('maps the whole tree: each key of the main menu, the folded invalid keys, the timeout and the hang-up', async () => {
    const { graph, stats } = await explored('planted')
    const main = graph.nodes.find((n) => n.label.startsWith('Acme Utilities'))!
    const out = graph.edges.filter((e) => e.from === main.id)
    expect(out.map((e) => e.input).sort()).toEqual(['1', '2', '3', 'hangup', 'invalid', 'timeout'])
    expect(out.find((e) => e.input === 'invalid')!.keys).toEqual(['0', '4', '5', '6', '7', '8', '9', '*', '#'])
    expect(stats).toMatchObject({ menus: 4, unexpanded: 0 })
    expect(stats.stoppedBy).toBeUndefined()
  })
})
