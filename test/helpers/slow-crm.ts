import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll } from 'vitest'

/**
 * A CRM in the test's process that answers `{"name":"Ada"}` after `ms` of real time (Node's own
 * setTimeout, read before any call puts the globals on a call's clock), listening for the tests of
 * the enclosing describe (or file). `url()` is its lookup URL once listening.
 */
export function slowCrmInThisProcess(ms: number): { url(): string } {
  const realSetTimeout = globalThis.setTimeout
  const crm = createServer((_req, res) => void realSetTimeout(() => res.end('{"name":"Ada"}'), ms))
  let url = ''
  beforeAll(async () => {
    await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(crm.address() as AddressInfo).port}/customer`
  })
  afterAll(async () => {
    crm.closeAllConnections()
    await new Promise((resolve) => crm.close(resolve))
  })
  return { url: () => url }
}
