import type { IncomingMessage, ServerResponse } from 'node:http'
import { beforeAll, describe, expect, it } from 'vitest'

/* eslint-disable no-control-regex -- control characters in the reports are what these tests look for */
import { callTo, drivers } from '../../src/index.js'
import { htmlReport, junitReport, prettyReport } from '../../src/report/index.js'
import type { RunSummary } from '../../src/report/summary.js'
import type { AnyCallTo } from '../../src/scenario/compile.js'
import { parseScenarioFile } from '../../src/scenario/parse.js'
import { runScenario } from '../../src/scenario/run.js'

// An app whose error page carries terminal colour codes (ESC[31m…ESC[0m) and a stray bell: the reports
// show its text without them, as the JUnit one always did (one function, report/plain-text.ts).
const ESC = '\x1b'
function app(req: IncomingMessage, res: ServerResponse) {
  let body = ''
  req.on('data', (c: Buffer) => (body += c))
  req.on('end', () => {
    const event = (JSON.parse(body) as { event: string }).event
    if (event === 'ANSWERED') {
      res.statusCode = 500
      return void res.end(`${ESC}[31mClosed${ESC}[0m today\x07`)
    }
    res.setHeader('content-type', 'application/json')
    res.end(event === 'ACCEPTED' ? JSON.stringify({ action: 'ANSWER' }) : '')
  })
}

const FILE = `platform: webex-connect
webhookPath: /events
name: colours
steps:
  - expect: ANSWER
  - expect: PLAY
`

let summary: RunSummary
beforeAll(async () => {
  const [scenario] = parseScenarioFile(FILE, 'colours.yaml', drivers).scenarios
  const result = await runScenario(scenario!, callTo as unknown as AnyCallTo, app)
  summary = { results: [result], ms: 10, startedAt: new Date('2026-11-30T12:00:00Z') }
}, 30_000)

describe("the app's escape codes in the reports", () => {
  // Escaped in the message (the raw codes made grep take the runner's output for binary, and act on the reader's terminal).
  it('the call failed, its message holding the codes escaped', () => {
    expect(summary.results[0]!.error!.message).toContain('\\x1b[31mClosed\\x1b[0m today\\x07')
    expect(summary.results[0]!.error!.message).not.toMatch(/[\x00-\x08\x0b-\x1f]/)
  })

  it('pretty: the text, no escape code or control character but callspec\'s own colours', () => {
    const plain = prettyReport(summary)
    expect(plain).toContain('Closed today')
    expect(plain).not.toMatch(/[\x00-\x08\x0b-\x1f]/)
    const coloured = prettyReport(summary, { color: true })
    expect(coloured).toContain('Closed today')
    expect(coloured.replace(/\x1b\[(?:0|2|31|32|33)m/g, '')).not.toMatch(/[\x00-\x08\x0b-\x1f]/)
  })

  it('html and junit: the text, no raw codes', () => {
    for (const report of [htmlReport(summary), junitReport(summary)]) {
      expect(report).toContain('Closed today')
      expect(report).not.toMatch(/[\x00-\x08\x0b-\x1f]/)
      expect(report).not.toContain('[31m')
    }
  })
})
