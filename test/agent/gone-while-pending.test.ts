/**
 * The app's process going away while callspec waits on its answer. Seen in CI (round 57): a test
 * that killed the app and then asked next() got "[callspec] the app process (pid …) closed the
 * channel…" when the request went out before the socket's close was seen, and "[callspec] the app
 * under callspec/agent is gone during next(): …" (the wording docs/agent.md lists) when it went
 * out after. Both orders now say the latter. Driven over a real socket, the "app" a connection
 * saying its pid, closed while the request is pending, so the order is the same every run.
 */
import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { AgentChannel } from '../../src/agent/agent-channel.js'
import { PROTOCOL } from '../../src/agent/protocol.js'

async function connectedApp(channel: AgentChannel, address: string) {
  const [host, port] = address.split(':')
  const socket = connect(Number(port), host!)
  socket.on('error', () => {})
  const requests: string[] = []
  socket.on('data', (chunk) => requests.push(String(chunk)))
  socket.write(`${JSON.stringify({ hello: { token: channel.token, protocol: PROTOCOL, pid: 4242, node: process.version, hosts: [] } })}\n`)
  await channel.connected(2_000, () => 'the test app never connected')
  return { socket, requests }
}

describe('callspec/agent: the app gone while a request waits on it', () => {
  it('fails the request naming it, in the same words as a request sent after the loss', async () => {
    const channel = new AgentChannel()
    const address = await channel.listen()
    try {
      const app = await connectedApp(channel, address)
      const pending = channel.request({ op: 'next' }, 5_000, () => 'no answer').then(
        () => undefined,
        (e: Error) => e,
      )
      for (let i = 0; i < 200 && app.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 5))
      expect(app.requests.join('')).toContain('"op":"next"')
      app.socket.destroy()
      expect((await pending)?.message).toBe(
        '[callspec] the app under callspec/agent is gone during next(): the app process (pid 4242) closed the channel: it exited or crashed (see its output).',
      )
    } finally {
      await channel.close()
    }
  })

  it('says callspec closed the channel when it did, not that the app is gone', async () => {
    const channel = new AgentChannel()
    const address = await channel.listen()
    const app = await connectedApp(channel, address)
    const pending = channel.request({ op: 'quiet', maxMs: 100 }, 5_000, () => 'no answer').then(
      () => undefined,
      (e: Error) => e,
    )
    await channel.close()
    app.socket.destroy()
    expect((await pending)?.message).toBe('[callspec] callspec closed the agent channel during quiet().')
  })
})
