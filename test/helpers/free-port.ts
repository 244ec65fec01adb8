import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'

/** Ports this process has handed out: the kernel may give a freed one again at once. */
const handedOut = new Set<number>()

/**
 * A TCP port free on 127.0.0.1 now, for an app a test starts as its own process (`--start … PORT`).
 * Asked of the kernel (listen on 0, then closed), not drawn at random: a random port in
 * 20000–39999 overlaps Linux's ephemeral range (32768–60999), where the suite's own client sockets
 * live, and an app that lost its port to one of them died before the test could use it. Never the
 * same port twice in a process: the port is closed before it is used, and a fresh-clone run got
 * 41969 for both of a test's two ports (the app's and one where nothing should listen), so the
 * calls meant to find nothing reached the app.
 */
export async function freePort(): Promise<number> {
  for (let tries = 1; ; tries++) {
    const port = await portFromKernel()
    if (!handedOut.has(port) || tries === 20) {
      handedOut.add(port)
      return port
    }
  }
}

async function portFromKernel(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}
