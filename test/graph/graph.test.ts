import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { callGraph, toMermaid } from '../../src/graph/index.js'
import { createIvrApp, exampleConfig } from '../../examples/webex-connect-pin-ivr/app.js'

const app = createIvrApp(exampleConfig())
const pin = () =>
  callTo(app, { platform: 'webex-connect', webhookPath: '/webex/events', unconsumed: 'ignore' }).fromCaller('+14155550100')

describe('the call graph from transcripts', () => {
  it('makes one node per listening point and one edge per input, ending in hang-ups and transfers', async () => {
    const balance = await pin().pressDigits('1234#').pressDigits('1').untilListening()
    const agent = await pin().pressDigits('1234#').pressDigits('2').staySilent(10_000)
    const timeout = await pin().untilListening().staySilent().untilListening()
    const graph = callGraph([balance.transcript, agent.transcript, timeout.transcript])
    const pinNode = graph.nodes.find((n) => n.label.startsWith('Welcome to Acme Bank'))!
    expect(pinNode).toMatchObject({ kind: 'menu', action: 'PLAY', terminator: '#', digits: true })
    const menu = graph.nodes.find((n) => n.label.startsWith('Thank you. Press 1 for your balance, 2 '))!
    expect(menu).toMatchObject({ maxDigits: 1, speech: true })
    const from = (id: string) => graph.edges.filter((e) => e.from === id).map((e) => `${e.input} → ${graph.nodes.find((n) => n.id === e.to)!.label}`)
    expect(from(pinNode.id)).toEqual([expect.stringMatching(/^1234# → Thank you/), expect.stringMatching(/^timeout → I did not get your PIN/)])
    expect(from(menu.id)).toEqual(['1 → "Your balance is # Goodbye.", then ended by app: HANGUP (flow complete)', '2 → PATCH → +14155550142'])
    expect(graph.edges.find((e) => e.input === '1234#')!.count).toBe(2)
    const chart = toMermaid(graph)
    expect(chart).toMatch(/^flowchart TD\n {2}start\(\("inbound call"\)\)\n/)
    expect(chart).toContain(`${pinNode.id} -->|"1234#"| ${menu.id}`)
    expect(chart).toContain('[/"PATCH → +14155550142"/]')
  })
})
