/**
 * An app that runs in several processes under callspec/agent (cluster workers and forked children
 * inherit --import callspec/agent): each process connects, taking the channel from the last.
 * Measured before (helper-135, a cluster app): every call failed with "the app process (pid X) was
 * replaced by pid Y", which reads as a restart. The channel now tells a process still running from
 * one that is gone. Driven over real sockets, each "process" a connection saying its pid.
 */
import { spawn } from 'node:child_process'
import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { AgentChannel } from '../../src/agent/agent-channel.js'
import { PROTOCOL } from '../../src/agent/protocol.js'

/** Connects as the app process `pid` would, and resolves once the channel holds it. */
async function hello(channel: AgentChannel, address: string, pid: number): Promise<void> {
  const [host, port] = address.split(':')
  const socket = connect(Number(port), host!)
  socket.on('error', () => {})
  socket.write(`${JSON.stringify({ hello: { token: channel.token, protocol: PROTOCOL, pid, node: process.version, hosts: [] } })}\n`)
  for (let i = 0; i < 200 && channel.peer?.pid !== pid; i++) await new Promise((r) => setTimeout(r, 5))
}

describe('callspec/agent: a second process of the app connecting', () => {
  it('while the first still runs: says the app runs in several processes, and to run it in one', async () => {
    const channel = new AgentChannel()
    const address = await channel.listen()
    const sibling = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30_000)'])
    try {
      await hello(channel, address, sibling.pid!)
      await hello(channel, address, process.pid)
      expect(channel.lastLoss).toBe(
        `another process of the app (pid ${process.pid}) connected to callspec/agent while pid ${sibling.pid} still runs: the app runs in several processes ` +
          "(cluster workers or forked children inherit --import callspec/agent), and each took the agent's channel from the last. Run the app in one process under the agent (no cluster, one worker)",
      )
    } finally {
      sibling.kill()
      await channel.close()
    }
  })

  it('once the first is gone: a restart, said as one', async () => {
    const channel = new AgentChannel()
    const address = await channel.listen()
    const gone = spawn(process.execPath, ['-e', '0'])
    await new Promise((resolve) => gone.once('exit', resolve))
    try {
      await hello(channel, address, gone.pid!)
      await hello(channel, address, process.pid)
      expect(channel.lastLoss).toBe(`the app process (pid ${gone.pid}) was replaced by pid ${process.pid}`)
    } finally {
      await channel.close()
    }
  })
})
