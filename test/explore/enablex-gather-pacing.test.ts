/**
 * The explorer's pacing on a platform that gathers keys until a pause (EnableX: until 2 s without
 * a key, drivers/enablex/behaviour.md). Measured before (audit-76 V1): the explorer pressed its
 * next input 0.3 s after the previous one, inside the same gathering, so "an invalid key, then 1"
 * reached the app as one entry "01": a false [dead-end] at the retry menu, edges saying 1 and 2 at
 * the menu lead back to it, and a [repeated-prompt] though the app says what went wrong first.
 */
import { describe, expect, it } from 'vitest'
import { explore } from '../../src/index.js'
import { toScenarioFile } from '../../src/explore/emit-scenarios.js'
import { enablexApp, tts } from '../drivers/enablex/apps.js'

const MENU = 'Welcome to Acme Bank. Press 1 for your balance, or 2 to speak to an agent.'

/** The audit's Python IVR (ivr.py) in Node: a menu; an invalid entry gets an apology, then the menu again, twice; then goodbye. */
export function acmeBank() {
  const attempts = new Map<string, number>()
  return enablexApp(async (event, api) => {
    const vid = event.voice_id
    const play = (text: string, ref: string, dtmf = false) => api.call('PUT', `/call/${vid}/play`, { ...tts(text), prompt_ref: ref, ...(dtmf && { dtmf: true }) })
    const retryOrBye = () => {
      const n = (attempts.get(vid) ?? 0) + 1
      attempts.set(vid, n)
      return n <= 2 ? play('Sorry, that is not a valid choice.', 'invalid') : play('Sorry, we could not understand your choice. Goodbye.', 'goodbye')
    }
    if (event.state === 'incomingcall') {
      attempts.set(vid, 0)
      await api.call('PUT', `/call/${vid}/accept`)
      return play(MENU, 'menu', true)
    }
    if (event.playstate === 'digitcollected') {
      const digit = String(event.digit ?? event.digits ?? '')
      if (digit === '1') return play('Your balance is 42 dollars and 17 cents.', 'balance')
      if (digit === '2') return api.call('PUT', `/call/${vid}/connect`, { from: event.to, to: '14155550142' })
      return retryOrBye()
    }
    if (event.playstate === 'menutimeout') return retryOrBye()
    if (event.playstate === 'playfinished') {
      if (event.prompt_ref === 'balance' || event.prompt_ref === 'goodbye') return api.call('DELETE', `/call/${vid}`)
      if (event.prompt_ref === 'invalid') return play(MENU, 'menu', true)
    }
    return undefined
  })
}

describe('the explorer on an EnableX menu (keys gathered until a 2 s pause)', { timeout: 120_000 }, () => {
  // Started by the first test that needs it, so it fits its calls to that test's 120 s: started as
  // the file was collected, in no test, it fitted them to the config's 5 s testTimeout, and at load 7
  // it ran out before the retry menu's goodbye was found (~2.9 s at load 3).
  let explored: ReturnType<typeof explore> | undefined
  const exploration = () => (explored ??= explore(acmeBank(), { platform: 'enablex', maxDepth: 4 }))
  const label = async (id: string) => (await exploration()).graph.nodes.find((n) => n.id === id)!.label

  it('presses its next input only once the app has answered the previous one: no false dead-end, and the retry menu leads out', async () => {
    const { findings, graph } = await exploration()
    expect(findings.map((f) => f.kind)).toEqual(['transfer'])
    const edges = await Promise.all(graph.edges.filter((e) => e.kind !== 'call').map(async (e) => `${await label(e.from)} -${e.input}-> ${await label(e.to)}`))
    const menu = 'Welcome to Acme Bank. Press 1 for your balance, or 2 to spe…'
    const retry = 'Sorry, that is not a valid choice. / Welcome to Acme Bank. …'
    // 1 and 2 at the menu lead where the app sends them, never back to the retry menu.
    expect(edges.filter((e) => e.startsWith(`${menu} -1->`) || e.startsWith(`${menu} -2->`))).toEqual([
      `${menu} -1-> "Your balance is # dollars and # cents.", then ended by app: DELETE /voice/v1/call/{voice_id}`,
      `${menu} -2-> connect → 14155550142`,
    ])
    // At the retry menu too, and its goodbye (the third wrong entry) is found.
    expect(edges).toContain(`${retry} -1-> "Your balance is # dollars and # cents.", then ended by app: DELETE /voice/v1/call/{voice_id}`)
    expect(edges).toContain(`${retry} -2-> connect → 14155550142`)
    expect(edges).toContain(`${retry} -invalid-> "Sorry, we could not understand your choice. Goodb…", then ended by app: DELETE /voice/v1/call/{voice_id}`)
  })

  it('does not call the menu after an apology a prompt "played again word for word"', async () => {
    expect((await exploration()).findings.filter((f) => f.kind === 'repeated-prompt')).toEqual([])
  })

  it('emits scenarios that expect the app\'s answer between two inputs (an "invalid, then 1" path is not one entry "01")', async () => {
    const yaml = toScenarioFile(await exploration())
    const invalidThen1 = /- name: "invalid → 1 ⇒[\s\S]*?(?=\n {2}- name:|$)/.exec(yaml)?.[0]
    expect(invalidThen1).toMatch(/- press: "0"\n\s+- expect: play\n\s+- heard: Sorry, that is not a valid choice\.\n\s+- expect: play\n\s+- heard: Welcome to Acme Bank\. Press 1 for your balance, or 2 to speak to an agent\.\n\s+- press: "1"\n/)
  })
})
