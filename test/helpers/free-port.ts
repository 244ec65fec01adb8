import { mkdirSync, openSync, closeSync, statSync, unlinkSync } from 'node:fs'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Where the ports handed out are reserved, one empty file each, for every vitest worker process
 * of this user: the kernel may give a freed port again at once, to this process or another.
 */
const RESERVED = join(tmpdir(), `callspec-test-ports-${process.getuid?.() ?? 'user'}`)
/** A reservation older than this is an earlier run's: the port is free to hand out again. */
const STALE_MS = 10 * 60_000

/**
 * A TCP port free on 127.0.0.1 now, for an app a test starts as its own process (`--start … PORT`).
 * Asked of the kernel (listen on 0, then closed), not drawn at random: a random port in
 * 20000–39999 overlaps Linux's ephemeral range (32768–60999), where the suite's own client sockets
 * live, and an app that lost its port to one of them died before the test could use it. Never the
 * same port twice in a process: the port is closed before it is used, and a fresh-clone run got
 * 41969 for both of a test's two ports (the app's and one where nothing should listen), so the
 * calls meant to find nothing reached the app. Nor twice across the suite's worker processes,
 * which may ask at the same moment: each port is reserved by a file made only if none is there.
 */
export async function freePort(): Promise<number> {
  for (let tries = 1; ; tries++) {
    const port = await portFromKernel()
    if (reserved(port) || tries === 20) return port
  }
}

/** Reserves `port` for this process, unless a worker process of this run already did. */
function reserved(port: number): boolean {
  const file = join(RESERVED, String(port))
  mkdirSync(RESERVED, { recursive: true })
  try {
    if (Date.now() - statSync(file).mtimeMs > STALE_MS) unlinkSync(file)
  } catch {
    // No reservation yet (or another process just removed the stale one).
  }
  try {
    closeSync(openSync(file, 'wx'))
    return true
  } catch {
    return false
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
