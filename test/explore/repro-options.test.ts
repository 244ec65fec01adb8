import type { IncomingMessage, ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { callTo, explore } from '../../src/index.js'
import { jsLiteral } from '../../src/utils/js-literal.js'

const MENU = '{"action":"PLAY","audio":[{"type":"TTS","text":"Press 1 for sales."}],"collectInput":{"maxDigits":1}}'

/** A Webex Connect app served on /webex/events only (a 404 elsewhere) that wants its key header: key 1 patches the caller to sales. */
function app(req: IncomingMessage, res: ServerResponse): void {
  let body = ''
  req.on('data', (chunk) => (body += chunk))
  req.on('end', () => {
    if (req.url !== '/webex/events' || req.headers['x-app-key'] !== "it's me") return void res.writeHead(404).end()
    const { event, digitsReceived } = JSON.parse(body) as { event: string; digitsReceived?: string }
    res.setHeader('content-type', 'application/json')
    if (event === 'ACCEPTED') return void res.end('{"action":"ANSWER"}')
    if (event === 'COLLECTED_DIGITS' && digitsReceived === '1') return void res.end('{"action":"PATCH","dialedNumber":"+14155550142"}')
    if (event === 'DROPPED' || event === 'PATCHED') return void res.end()
    res.end(MENU)
  })
}

// newcomer audit-119: the replay printed `callTo(app, { platform, seed, unconsumed })` without the
// exploration's webhookPath, so pasted into a test it failed on turn 1 with a 404.
describe("a finding's replay", { timeout: 60_000 }, () => {
  it("carries the exploration's call options, and run as printed it replays the finding", async () => {
    const options = { platform: 'webex-connect', webhookPath: '/webex/events', headers: { 'x-app-key': "it's me" }, vendor: { audioDurationsMs: { 'https://cdn.test/a.wav': 1500 } }, maxCalls: 30 } as const
    const result = await explore(app, options)
    const transfer = result.findings.find((f) => f.kind === 'transfer')
    expect(transfer, result.findings.map((f) => f.message).join('\n')).toBeDefined()
    const [first] = transfer!.repro.split('\n')
    expect(first).toBe(
      `callTo(app, { platform: 'webex-connect', webhookPath: '/webex/events', headers: { 'x-app-key': 'it\\'s me' }, vendor: { audioDurationsMs: { 'https://cdn.test/a.wav': 1500 } }, seed: ${transfer!.seed}, unconsumed: 'ignore' })`,
    )
    // The options as a user pasting the chain gets them.
    const printed = Function(`return (${/^callTo\(app, (.*)\)$/.exec(first!)![1]})`)() as Parameters<typeof callTo>[1]
    const call = await callTo(app, printed).pressDigits('1').untilListening()
    expect(call).toHaveAction('PATCH', { dialedNumber: '+14155550142' })
  })
})

describe('jsLiteral', () => {
  it('writes data as a test would, and nothing for what is no data', () => {
    expect(jsLiteral({ a: 'x', 'b-c': [1, true, null], d: { e: "it's \"q\"\n" } })).toBe(`{ a: 'x', 'b-c': [1, true, null], d: { e: 'it\\'s "q"\\n' } }`)
    expect(jsLiteral(new Date('2026-03-04T15:00:00Z'))).toBe("'2026-03-04T15:00:00.000Z'")
    expect(jsLiteral({ skip: undefined })).toBe('{}')
    expect(jsLiteral(() => 1)).toBeUndefined()
    expect(jsLiteral({ server: new (class Server {})() })).toBeUndefined()
  })
})
