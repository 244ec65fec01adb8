/**
 * A failure's node in the call graph (the HTML report's flowchart) folds what changes from run to
 * run so reruns meet in one node, but a URL in it keeps its host and path. Audit helper-68: the
 * port folded as a number read `POST http://#ivr/events`.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, it } from 'vitest'
import { callTo, type Transcript } from '../../src/index.js'
import { pathOf } from '../../src/graph/path.js'
import { failureOf } from '../helpers/failure-of.js'

it('keeps a URL whole but its port in a failure node', async () => {
  // Closes the connection without an answer: the failure names the request's URL.
  const server = createServer((req) => req.socket.destroy())
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  try {
    const failure = (await failureOf(callTo(`http://127.0.0.1:${port}/ivr/events`, { platform: 'webex-connect', warnings: 'silent' }).expectAction('ANSWER'))) as Error & {
      transcript: Transcript
    }
    expect(failure.message).toContain(`(POST http://127.0.0.1:${port}/ivr/events)`)
    const end = pathOf(failure.transcript, failure).nodes.at(-1)!
    expect(end.kind).toBe('failure')
    expect(end.label).toMatch(/^✖ no answer to ACCEPTED \(POST http:\/\/127\.0\.0\.1:<port>\/ivr\/events\): /)
  } finally {
    server.close()
  }
})
