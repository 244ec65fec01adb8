import nock from 'nock'
import { afterAll, beforeAll } from 'vitest'

/**
 * The file's (or describe block's) tests run with nock's interceptor off, as it was before it if
 * an earlier file in the worker imported nock: Node's http client under it writes through a socket
 * of nock's own, which some tests must not have (docs/time.md says where it differs).
 */
export function withoutNock(): void {
  let wasActive = false
  beforeAll(() => {
    wasActive = nock.isActive()
    if (wasActive) nock.restore()
  })
  afterAll(() => {
    if (wasActive) nock.activate()
  })
}
