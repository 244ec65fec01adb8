import type { Server } from 'node:http'
import { writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, startPinIvr } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

// What a QA writer sees of a scenario file's mistakes: JSON read as JSON, YAML's commonest
// errors said as what to fix, every problem of a file at once, a misspelt match field caught as
// the file loads, and limits: set in the file.
let url: string
let server: Server
beforeAll(async () => ({ url, server } = await startPinIvr()))
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const dir = tempDir('file-problems')
/** A file in the temp dir, named relative to the run's cwd as the messages name it. */
function file(name: string, text: string): string {
  writeFileSync(join(dir, name), text)
  return relative(process.cwd(), join(dir, name))
}

describe('callspec run: a scenario file with problems (exit 2, before any call)', () => {
  it('a .json file with a trailing comma: a JSON error with its line and column, not YAML\'s words, not accepted', async () => {
    const f = file('comma.json', '{\n  "platform": "webex-connect",\n  "steps": [\n    { "expect": "ANSWER" },\n    { "expect": "PLAY", }\n  ]\n}\n')
    const { code, err } = await cli(['run', f, '--target', url])
    expect(err).toBe(`callspec run: ${f}:5:25: not valid JSON: Expected double-quoted property name: a comma before a closing } or ] (JSON allows no trailing comma)\n`)
    expect(code).toBe(2)
  })

  it('a trailing comma before ], for which JSON.parse names no position: the place of the ], with the same hint', async () => {
    const f = file('list-comma.json', '{\n  "platform": "webex-connect",\n  "steps": [\n    { "expect": "ANSWER" },\n  ]\n}\n')
    const { code, err } = await cli(['run', f, '--target', url])
    expect(err).toBe(`callspec run: ${f}:5:3: not valid JSON: Unexpected token ']': a comma before a closing } or ] (JSON allows no trailing comma)\n`)
    expect(code).toBe(2)
  })

  it('a .json file cut short: "not valid JSON", with the place', async () => {
    const f = file('broken.json', '{ "platform": "webex-connect", "steps": [ { "expect": "ANSWER" ] }\n')
    const { code, err } = await cli(['run', f, '--target', url])
    expect(err).toBe(`callspec run: ${f}:1:64: not valid JSON: Expected ',' or '}' after property value\n`)
    expect(code).toBe(2)
  })

  it('a mis-indented step: what to fix, not "A block sequence may not be used as an implicit map key" alone', async () => {
    const f = file('indent.yaml', 'platform: webex-connect\nscenarios:\n  - name: bad indent\n    steps:\n      - expect: ANSWER\n     - expect: PLAY\n')
    const { code, err } = await cli(['run', f, '--target', url])
    expect(err).toBe(
      `callspec run: ${f}:6:1: not valid YAML: a list item is not lined up with the others: every "- " of a list (the steps of a call, the calls under scenarios:) starts in the same column, indented under its key (A block sequence may not be used as an implicit map key)\n`,
    )
    expect(code).toBe(2)
  })

  it('lists every problem of the file, in order, a misspelt match field among them (did you mean collectInput?)', async () => {
    const f = file(
      'many.yaml',
      [
        'platform: webex-connect',
        'from: 14155550100',
        'limits: { maxTurn: 3 }',
        'scenarios:',
        '  - name: one',
        '    steps:',
        '      - expect: ANSWER',
        '      - expect: PLAY',
        '        match: { colectInput: { terminationDigit: "#" } }',
        '      - press: 0123',
        '  - name: two',
        '    bogus: 1',
        '    steps:',
        '      - expect: PLAYY',
        '',
      ].join('\n'),
    )
    const { code, err } = await cli(['run', f, '--target', url])
    expect(err).toBe(
      [
        `callspec run: ${f}:2:7: from must be quoted: unquoted, 14155550100 is the number 14155550100; write from: "14155550100"`,
        `${f}:3:11: unknown limit "maxTurn" (did you mean "maxTurns"?); limits takes responseTimeoutMs, appTimeoutMs, maxVirtualMs, quietGraceMs, maxTurns, maxBodyBytes`,
        `${f}:9:18: step 2 (expect PLAY): PLAY has no field "colectInput" (did you mean "collectInput"?); its fields are action, audio, recordCall, collectInput, streamInput`,
        `${f}:10:16: press must be quoted: unquoted, 0123 is the number 123; write press: "0123"`,
        `${f}:12:5: unknown setting "bogus"; expected one of: name, target, webhookPath, seed, from, to, headers, vendor, unconsumed, limits, strict, rules, parties, answeredBy, startedBy, steps`,
        `${f}:14:17: webex-connect has no action "PLAYY" (did you mean "PLAY"?); its actions are ANSWER, PLAY, PATCH, RECORD, HANGUP, REJECT`,
        '',
      ].join('\n'),
    )
    expect(code).toBe(2)
  })
})

describe('callspec run: limits in a scenario file', () => {
  it('the file\'s limits apply to its calls, a scenario\'s own override them', async () => {
    const steps = ['    steps:', '      - expect: ANSWER', '      - expect: PLAY', '      - press: "1234#"', '      - expect: PLAY']
    const f = file(
      'limits.yaml',
      ['platform: webex-connect', 'webhookPath: /webex/events', 'from: "+14155550100"', 'limits: { maxTurns: 2, responseTimeoutMs: 10s }', 'scenarios:', '  - name: two webhooks at most', ...steps, '  - name: raised', '    limits: { maxTurns: 50 }', ...steps, ''].join('\n'),
    )
    const { code, out } = await cli(['run', f, '--target', url])
    expect(out).toMatch(/^✖ two webhooks at most .*\n✔ raised /)
    expect(out).toContain('the call passed 2 webhooks (limits.maxTurns)')
    expect(code).toBe(1)
  })

  it('lists each problem of a limits mapping, an unknown key among them, each at its place (audit-108: only the first was said)', async () => {
    const f = file(
      'limits-problems.yaml',
      [
        'platform: webex-connect',
        'webhookPath: /webex/events',
        'limits: { maxTurns: lots, responseTimeoutMs: -5s }',
        'scenarios:',
        '  - name: own limits',
        '    limits:',
        '      maxTurn: 3',
        '      appTimeoutMs: soon',
        '      maxBodyBytes: 0',
        '    steps:',
        '      - expect: ANSWER',
        '',
      ].join('\n'),
    )
    const { code, err } = await cli(['run', f, '--target', url])
    expect(err).toBe(
      [
        `callspec run: ${f}:3:21: limits.maxTurns is a whole number ≥ 1, got "lots"`,
        `${f}:3:46: limits.responseTimeoutMs is a duration such as 30s or 500ms (a bare number is ms), got "-5s"`,
        `${f}:7:7: unknown limit "maxTurn" (did you mean "maxTurns"?); limits takes responseTimeoutMs, appTimeoutMs, maxVirtualMs, quietGraceMs, maxTurns, maxBodyBytes`,
        `${f}:8:21: limits.appTimeoutMs is a duration such as 30s or 500ms (a bare number is ms), got "soon"`,
        `${f}:9:21: limits.maxBodyBytes is a whole number ≥ 1, got 0`,
        '',
      ].join('\n'),
    )
    expect(code).toBe(2)
  })
})

describe('callspec run: headers and parties mappings in a scenario file', () => {
  it('lists each problem of each, not only the first (as limits: audit-108)', async () => {
    const f = file(
      'mapping-problems.yaml',
      [
        'platform: webex-connect',
        'webhookPath: /webex/events',
        'headers: { X-Tenant: 42, X-Region: [eu], X-Ok: "fine" }',
        'parties:',
        '  +14155550142: busy',
        '  "+14155550143": sleepy',
        '  "+14155550144": answers',
        'steps:',
        '  - expect: ANSWER',
        '',
      ].join('\n'),
    )
    const { code, err } = await cli(['run', f, '--target', url])
    const lines = err.trimEnd().split('\n')
    expect(lines[0]).toMatch(new RegExp(`^callspec run: ${f}:3:22: headers\\.X-Tenant must be quoted`))
    expect(lines.slice(1)).toEqual([
      `${f}:3:36: expected a single value here, not a list or mapping`,
      expect.stringMatching(new RegExp(`^${f}:5:3: a party's number must be quoted`)),
      `${f}:6:19: a party is one of answers, busy, no-answer, voicemail or { hangsUpAfter: 30s }, got "sleepy"`,
    ])
    expect(code).toBe(2)
  })

  it('lists each problem of startedBy, not only the first', async () => {
    const f = file(
      'started-by-problems.yaml',
      ['platform: webex-connect', 'webhookPath: /webex/events', 'startedBy:', '  methd: POST', '  path: remind', '  method: PATCH', '  headers: { X-Key: 7 }', 'steps:', '  - expect: PLAY', ''].join('\n'),
    )
    const { code, err } = await cli(['run', f, '--target', url])
    const lines = err.trimEnd().split('\n')
    expect(lines[0]).toBe(`callspec run: ${f}:4:3: startedBy takes method, path, headers, body; got "methd"`)
    expect(lines.slice(1)).toEqual([
      `${f}:5:9: startedBy.path starts with /, got "remind"`,
      `${f}:6:11: startedBy.method is GET, POST, PUT or DELETE, got PATCH`,
      expect.stringMatching(new RegExp(`^${f}:7:21: startedBy\\.headers\\.X-Key must be quoted`)),
    ])
    expect(code).toBe(2)
  })
})
