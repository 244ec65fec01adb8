/**
 * audit-81 finding 5: the HTML report's call graph folded every number of a failure's headline,
 * menu keys' way, so an app's HTTP 500 and its HTTP 301 were one node, "HTTP #", and "2xx" read
 * "#xx". A failure node keeps HTTP statuses in its label and its id: different statuses are
 * different nodes. Driven over real HTTP: `callspec run` against an app by URL, HTML report read back.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { cli } from '../cli/run-cli.js'
import { stubServer } from '../helpers/stub-server.js'
import { tempDir } from '../helpers/temp-dir.js'

const dir = tempDir('failure-status-nodes')
const app = stubServer((req, res) => {
  req.resume()
  if (req.url === '/moved') res.writeHead(301, { location: '/moved/' }).end()
  else res.writeHead(req.url === '/busy' ? 503 : 500, { 'content-type': 'text/html' }).end('<h1>Internal Server Error</h1>')
})

const scenario = (path: string) => `platform: webex-connect\nwebhookPath: ${path}\nname: answers ${path}\nsteps:\n  - expect: ANSWER\n`

it('an HTTP 500, a 503 and a 301 are three failure nodes, each with its status', async () => {
  for (const name of ['five', 'busy', 'moved']) writeFileSync(`${dir}/${name}.yaml`, scenario(`/${name}`))
  const { code } = await cli(['run', `${dir}/five.yaml`, `${dir}/busy.yaml`, `${dir}/moved.yaml`, '--target', app.url, '--reporter', `html:${dir}/calls.html`])
  expect(code).toBe(1)
  const html = readFileSync(`${dir}/calls.html`, 'utf8')
  // The run's call graph, in its panel (after the failed calls, since ea5da93).
  const panel = html.indexOf('<section class="extra">')
  const graph = html.slice(panel, html.indexOf('</svg>', panel))
  // A failure's headline is what the app did (newcomer audit N4): what the platform expects, the
  // "2xx" folded to "#xx" before, is on the message's next line, out of the graph.
  expect(graph).toContain('<title>✖ the app answered ACCEPTED with HTTP 500</title>')
  expect(graph).toContain('<title>✖ the app answered ACCEPTED with HTTP 503</title>')
  expect(graph).toContain('✖ the app answered ACCEPTED with HTTP 301')
  // Failure nodes are the red boxes: one per status, where 500 and 503 were one.
  expect(graph.match(/fill="#fee2e2"/g)).toHaveLength(3)
  expect(graph).not.toContain('HTTP #')
  expect(graph).not.toContain('#xx')
})
