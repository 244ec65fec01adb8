/**
 * helper-122's audit, rough edge 10: in the HTML report's call graph, a scenario whose own
 * expectation failed (`expected action REJECT, got ANSWER`: the app answered as the platform
 * accepts) was the same red failure box as an app's error answer, as if the IVR had broken. Now
 * drawn amber, the app's failures red, in the SVG and in the Mermaid source, and the panel says
 * which is which. Driven over real HTTP: `callspec run` against an app by URL, HTML report read back.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { cli } from '../cli/run-cli.js'
import { stubServer } from '../helpers/stub-server.js'
import { tempDir } from '../helpers/temp-dir.js'

const dir = tempDir('expectation-failure-nodes')
// /answers answers ACCEPTED with ANSWER, as the platform accepts; /broken with an error page.
const app = stubServer((req, res) => {
  req.resume()
  if (req.url === '/answers') res.writeHead(200, { 'content-type': 'application/json' }).end('{"action":"ANSWER"}')
  else res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>Internal Server Error</h1>')
})

const scenario = (path: string, expected: string) => `platform: webex-connect\nwebhookPath: ${path}\nname: ${path} ${expected}\nsteps:\n  - expect: ${expected}\n`

it("a scenario's own expectation that failed is an amber box, the app's error answer a red one, each said in the panel", async () => {
  writeFileSync(`${dir}/expects-reject.yaml`, scenario('/answers', 'REJECT'))
  writeFileSync(`${dir}/broken.yaml`, scenario('/broken', 'ANSWER'))
  const { code } = await cli(['run', `${dir}/expects-reject.yaml`, `${dir}/broken.yaml`, '--target', app.url, '--reporter', `html:${dir}/calls.html`])
  expect(code).toBe(1)
  const html = readFileSync(`${dir}/calls.html`, 'utf8')
  const panel = html.slice(html.indexOf('<section class="extra">'))
  const graph = panel.slice(0, panel.indexOf('</svg>'))
  // Each box: its rect, then its text with the whole label as a title.
  expect(graph).toMatch(/fill="#fef3c7" stroke="#d97706"\/><text[^>]*><title>✖ expected action REJECT, got ANSWER<\/title>/)
  expect(graph).toMatch(/fill="#fee2e2" stroke="#dc2626"\/><text[^>]*><title>✖ the app answered ACCEPTED with HTTP 500/)
  expect(graph.match(/fill="#fef3c7"/g)).toHaveLength(1)
  expect(graph.match(/fill="#fee2e2"/g)).toHaveLength(1)
  expect(panel).toContain("A red box is a failure of the app's (an error answer, a vendor rule broken); an amber one, of a scenario's own expectation")
  // The Mermaid source beside it styles them the same way.
  const mermaid = panel.slice(panel.indexOf('Mermaid source'))
  expect(mermaid.match(/style f\w+ fill:#fef3c7,stroke:#d97706/g)).toHaveLength(1)
  expect(mermaid.match(/style f\w+ fill:#fdd,stroke:#c00/g)).toHaveLength(1)
})
