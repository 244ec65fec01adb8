import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll } from 'vitest'

/**
 * A stub HTTP server in the test's own process (a CRM an app looks up), listening on a free
 * loopback port for the file's (or describe block's) tests, closed after them. `url` is read
 * once it listens.
 */
export function stubServer(listener: RequestListener): { readonly url: string } {
  let server: Server | undefined
  let url = ''
  beforeAll(async () => {
    server = createServer(listener)
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server?.closeAllConnections()
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  })
  return {
    get url() {
      return url
    },
  }
}
