/**
 * `--api <port>` with several platforms in a run: EnableX's fake (its apps drive every call through
 * it) takes the port given, as the docs' recipe starts the app; the others follow (audit-122: an
 * 8x8 file in the same run put EnableX's fake on the next port, and the EnableX app, started on the
 * port given, met 8x8's fake: `is not an 8x8 route callspec simulates`).
 */
import { once } from 'node:events'
import { createServer } from 'node:net'
import { expect, it } from 'vitest'
import { startPlatformApis } from '../../src/cli/platform-apis.js'

/** A port with two free ones after it (the fakes take consecutive ports). */
async function freePorts(): Promise<number> {
  for (;;) {
    const server = createServer().listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as { port: number }
    await new Promise((resolve) => server.close(resolve))
    const next = await Promise.all([port + 1, port + 2].map((p) => new Promise<boolean>((resolve) => {
      const probe = createServer().once('error', () => resolve(false)).listen(p, '127.0.0.1', () => probe.close(() => resolve(true)))
    })))
    if (next.every(Boolean)) return port
  }
}

it('serves EnableX on the port given, the other platforms after it', async () => {
  const port = await freePorts()
  const apis = await startPlatformApis(['webex-connect', '8x8', 'enablex'], port)
  try {
    expect(apis.describe()).toBe(
      [
        `enablex's REST API (callspec's fake) at http://127.0.0.1:${port}: CALLSPEC_ENABLEX_API_URL`,
        `8x8's REST API (callspec's fake) at http://127.0.0.1:${port + 1}: CALLSPEC_8X8_API_URL`,
        `webex-connect's REST API (callspec's fake) at http://127.0.0.1:${port + 2}: CALLSPEC_WEBEX_CONNECT_API_URL`,
      ].join('\n'),
    )
    // The EnableX fake answers its own routes there (a 401 without the app's credentials), not 8x8's 404.
    const answer = await fetch(`http://127.0.0.1:${port}/voice/v1/call/abc/accept`, { method: 'PUT' })
    expect(answer.status).not.toBe(404)
  } finally {
    await apis.close()
  }
})
