import { once } from 'node:events'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { explore } from '../../src/index.js'
import { exploreCommand } from '../../src/explore/cli.js'
import { cli, startPinIvr } from '../cli/run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

function sink() {
  let text = ''
  return { stream: { write: (s: string) => (text += s) }, text: () => text }
}

describe('callspec explore', { timeout: 120_000 }, () => {
  it('explores a config module, prints the findings with steps and seeds, and writes graph, flowchart and suite', async () => {
    const dir = tempDir('explore-cli')
    const out = sink()
    const err = sink()
    const code = await exploreCommand(
      ['examples/explorer/planted.explore.ts', '--graph', join(dir, 'g.json'), '--mermaid', join(dir, 'g.mmd'), '--emit', join(dir, 'planted.test.ts')],
      explore,
      out.stream,
      err.stream,
    )
    expect(err.text()).toBe('')
    expect(code).toBe(0)
    expect(out.text()).toMatch(/^callspec explore \(webex-connect\): \d+ calls, 4 menus, \d+ nodes, \d+ edges, depth \d+, [\d.]+ s\n/)
    expect(out.text()).toMatch(/\d+\. \[app-error\] The call fails: .*HTTP 500/)
    // A config module: the TypeScript replay first, then the same call as a scenario file.
    expect(out.text()).toMatch(
      / {3}steps: pressDigits\('2'\) → pressDigits\('1'\) {3}seed: (\d+)\n {3}replay \(TypeScript\): callTo\(app, \{ platform: 'webex-connect', webhookPath: '\/webex\/events', seed: \1, unconsumed: 'ignore' \}\)\n(?: {13}.*\n)+ {3}scenario \(callspec run\):\n {5}# Your setup\(\) is not in here: write its from:, startedBy:… as settings\.\n {5}platform: webex-connect\n {5}webhookPath: \/webex\/events\n {5}seed: \1\n {5}unconsumed: ignore\n {5}steps:\n {7}- expect: ANSWER\n {7}- expect: PLAY\n {7}- press: "2"\n {7}- expect: PLAY\n {7}- press: "1"\n/,
    )
    expect(out.text()).toContain('[dead-end] No input at "The help desk is closed.')
    expect(out.text()).toContain('[endless-loop] A caller who says nothing at "Acme Utilities.')
    // A replay that shows a loop passes while the loop is there (audit-122): said under it; a crash's replay fails, and says nothing.
    const findings = out.text().split(/\n\n(?=\d+\. \[)/)
    const note = '(its replay passes: it plays the call that shows this, and no step fails on it; write the step the call should take instead, and that fails until the app is fixed)'
    expect(findings.find((f) => f.includes('[endless-loop]'))).toContain(`\n   ${note}`)
    expect(findings.filter((f) => f.includes('[app-error]')).every((f) => !f.includes(note))).toBe(true)
    expect(JSON.parse(readFileSync(join(dir, 'g.json'), 'utf8'))).toMatchObject({ platform: 'webex-connect', nodes: expect.any(Array), edges: expect.any(Array) })
    expect(readFileSync(join(dir, 'g.mmd'), 'utf8')).toMatch(/^flowchart TD\n/)
    const suite = readFileSync(join(dir, 'planted.test.ts'), 'utf8')
    expect(suite).toContain(`import { exploredCall } from 'callspec'`)
    expect(suite).toMatch(/import config from '\.\.?\/.*examples\/explorer\/planted\.explore\.js'/)
  })

  it('is documented with every option --help lists (docs/coverage-and-explorer.md)', async () => {
    const help = await cli(['explore', '--help'])
    expect(help.code).toBe(0)
    const options = [...new Set(help.out.match(/(?<=^\s+)--[a-z-]+/gm))]
    expect(options).toContain('--emit-scenarios')
    const docs = readFileSync('docs/coverage-and-explorer.md', 'utf8')
    const block = /## `callspec explore`\n\n```text\n([\s\S]*?)```/.exec(docs)![1]!
    expect(options.filter((o) => !block.includes(o))).toEqual([])
  })

  it('needs --platform for a URL, and says how to call it', async () => {
    const err = sink()
    expect(await exploreCommand(['http://127.0.0.1:9/ivr'], explore, sink().stream, err.stream)).toBe(2)
    expect(err.text()).toBe('callspec explore: a URL target needs --platform: one of webex-connect, enablex, 8x8, voxology\nRun callspec explore --help for the options.\n')
  })

  // h201: an unknown option was Node's own text (`Unknown option '--webhookpath'. To specify a
  // positional argument …`) and the whole usage; a platform callspec has not was callTo()'s
  // rejection, `[callspec] callTo() needs { platform }…`, exit 1. Both now as callspec run says them.
  it('names the option and the platform meant, before any call, exit 2', async () => {
    const option = await cli(['explore', 'http://127.0.0.1:9', '--platform', 'webex-connect', '--webhookpath', '/webex/events'])
    expect(option.err).toBe('callspec explore: unknown option --webhookpath (did you mean --webhook-path?)\nRun callspec explore --help for the options.\n')
    expect(option.code).toBe(2)
    const platform = await cli(['explore', 'http://127.0.0.1:9', '--platform', 'webex'])
    expect(platform.err).toBe('callspec explore: unknown --platform "webex": one of webex-connect, enablex, 8x8, voxology; did you mean webex-connect?\nRun callspec explore --help for the options.\n')
    expect(platform.code).toBe(2)
    expect(platform.out).toBe('')
  })

  // h202: an option with no value (`--from` last, or before another option) was Node's own text,
  // `Option '--from <value>' argument missing`, and the whole usage under it.
  it('says an option given no value as callspec run does, exit 2', async () => {
    const last = await cli(['explore', 'http://127.0.0.1:9', '--platform', 'voxology', '--from'])
    expect(last.err).toBe('callspec explore: --from needs a value (a phone number such as +14155550100), got nothing\nRun callspec explore --help for the options.\n')
    expect(last.code).toBe(2)
    const before = await cli(['explore', 'http://127.0.0.1:9', '--platform', 'voxology', '--from', '--to', '+14155550199'])
    expect(before.err).toBe('callspec explore: --from needs a value (a phone number such as +14155550100), got the option --to\nRun callspec explore --help for the options.\n')
    expect(before.code).toBe(2)
    // callspec dial said Node's text too (without the usage).
    const dial = await cli(['dial', 'http://127.0.0.1:9', '--platform', 'voxology', '--from'])
    expect(dial.err).toBe('callspec dial: --from needs a value (a phone number such as +14155550100), got nothing\nRun callspec dial --help for the options.\n')
  })

  it('refuses an output file it could not write before exploring: a directory, or a path under a file', async () => {
    const dir = tempDir('explore-cli-unwritable')
    const file = join(dir, 'taken')
    writeFileSync(file, '')
    const err = sink()
    const out = sink()
    expect(await exploreCommand(['http://127.0.0.1:9/ivr', '--platform', 'webex-connect', '--graph', dir], explore, out.stream, err.stream)).toBe(2)
    expect(err.text()).toBe(`callspec explore: --graph ${dir} names a directory: name a file in it\nRun callspec explore --help for the options.\n`)
    const under = sink()
    expect(await exploreCommand(['http://127.0.0.1:9/ivr', '--platform', 'webex-connect', '--emit-scenarios', join(file, 'paths.yaml')], explore, out.stream, under.stream)).toBe(2)
    expect(under.text()).toMatch(/^callspec explore: --emit-scenarios .*\/taken\/paths\.yaml cannot be written: .*taken is a file, not a directory\n/)
    expect(out.text()).toBe('')
  })

  it('rejects a hint without a value', async () => {
    const err = sink()
    expect(await exploreCommand(['examples/explorer/planted.explore.ts', '--hint', 'PIN'], explore, sink().stream, err.stream)).toBe(2)
    expect(err.text()).toBe(`callspec explore: --hint takes prompt=value, e.g. '/PIN/i=1234#'; got "PIN"\nRun callspec explore --help for the options.\n`)
  })
})

describe('callspec explore --emit-scenarios', { timeout: 120_000 }, () => {
  it('writes every path as a scenario file that callspec run passes against the same app (an app by URL)', async () => {
    const { url, server } = await startPinIvr()
    try {
      const file = join(tempDir('explore-scenarios'), 'explored.yaml')
      const out = sink()
      const err = sink()
      const code = await exploreCommand(
        [url, '--platform', 'webex-connect', '--webhook-path', '/webex/events', '--hint', '/PIN/i=1234#', '--max-depth', '4', '--emit-scenarios', file],
        explore,
        out.stream,
        err.stream,
      )
      expect(err.text()).toBe('')
      expect(code).toBe(0)
      expect(out.text()).toContain(`scenario file written to ${file}\n`)
      const text = readFileSync(file, 'utf8')
      expect(text).toMatch(/^# Generated by callspec explore: one call per path the explorer took through the webex-connect app\.\n/)
      expect(text).toContain(`platform: webex-connect\ntarget: ${url}\nwebhookPath: /webex/events\nscenarios:\n`)
      // The right PIN, then the balance: expected actions with what the caller heard, the keys, the end.
      expect(text).toMatch(/ {4}steps:\n(?: {6}- .*\n)*? {6}- press: "1234#"\n(?: {6}- .*\n)*? {6}- expectHangup\n/)
      expect(text).toContain('      - heard: Welcome to Acme Bank. Please enter your PIN, followed by the hash key.\n')
      const written = (text.match(/^ {2}- name: /gm) ?? []).length
      expect(written).toBeGreaterThanOrEqual(5)

      const run = await cli(['run', file])
      expect(run.out).toMatch(new RegExp(`\\nall passed, ${written} passed, ${written} call\\(s\\) in [\\d.]+ s\\n$`))
      expect(run.code).toBe(0)
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})

describe('callspec explore by URL: each finding as a scenario file', { timeout: 120_000 }, () => {
  it('prints the scenario file first, then the TypeScript replay; each printed file passes callspec run', async () => {
    const { url, server } = await startPinIvr()
    try {
      const out = sink()
      const err = sink()
      const code = await exploreCommand([url, '--platform', 'webex-connect', '--webhook-path', '/webex/events', '--hint', '/PIN/i=1234#', '--max-depth', '4'], explore, out.stream, err.stream)
      expect(err.text()).toBe('')
      expect(code).toBe(0)
      expect(out.text()).toMatch(
        new RegExp(
          `\\n1\\. \\[transfer\\] The call is transferred: PATCH → \\+14155550142\\.\\n {3}steps: pressDigits\\('1234#'\\) → pressDigits\\('2'\\) {3}seed: (\\d+)\\n` +
            ` {3}scenario \\(callspec run\\):\\n {5}platform: webex-connect\\n {5}target: ${url.replace(/[.]/g, '\\.')}\\n {5}webhookPath: /webex/events\\n {5}seed: \\1\\n {5}unconsumed: ignore\\n {5}steps:\\n {7}- expect: ANSWER\\n {7}- expect: PLAY\\n {7}- press: "1234#"\\n {7}- expect: PLAY\\n {7}- press: "2"\\n` +
            ` {3}replay \\(TypeScript\\): callTo\\(app, \\{ platform: 'webex-connect', webhookPath: '/webex/events', seed: \\1, unconsumed: 'ignore' \\}\\)\\n`,
        ),
      )
      // Every finding's file, saved as printed, runs as it was explored.
      const files = [...out.text().matchAll(/ {3}scenario \(callspec run\):\n((?: {5}.*\n)+)/g)].map((m) => m[1]!.replace(/^ {5}/gm, ''))
      expect(files.length).toBeGreaterThanOrEqual(3)
      const dir = tempDir('explore-findings')
      const paths = files.map((text, i) => {
        const file = join(dir, `finding-${i + 1}.yaml`)
        writeFileSync(file, text)
        return file
      })
      const run = await cli(['run', ...paths])
      expect(run.out).toMatch(new RegExp(`\\nall passed, ${files.length} passed, ${files.length} call\\(s\\) in [\\d.]+ s\\n$`))
      expect(run.code).toBe(0)
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})

describe('callspec explore --emit-scenarios of an app that fails every call', { timeout: 120_000 }, () => {
  it('says no path can be a scenario, writes no file and exits 1', async () => {
    const server = createServer((_req, res) => res.writeHead(500).end('boom'))
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const file = join(tempDir('explore-failing'), 'explored.yaml')
      const out = sink()
      const err = sink()
      const code = await exploreCommand([url, '--platform', 'webex-connect', '--emit-scenarios', file], explore, out.stream, err.stream)
      expect(out.text()).toMatch(/\[app-error\] The call fails/)
      expect(err.text()).toMatch(
        new RegExp(
          `^callspec explore: --emit-scenarios ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: no path the explorer took can be a scenario, so no file was written: a scenario file cannot expect a failure, and every path ended in one or took a turn its inputs do not explain \\(1\\):\n#   .* \\(the app failed: see the findings\\)\nFix the failures the findings list, then explore again\\.\n$`,
        ),
      )
      expect(existsSync(file)).toBe(false)
      expect(code).toBe(1)
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})

/**
 * An inbound 8x8 IVR by URL, a menu whose sayAndCapture the platform itself asks again on a
 * timeout (3 tries) before the app hears of it: City Dental's confirm-or-cancel.
 */
async function startDental8x8(): Promise<{ url: string; server: Server }> {
  const MENU = 'City Dental. Press 1 to confirm your appointment, 2 to cancel it.'
  const capture = (text: string) => ({ action: 'sayAndCapture', params: { promptMessage: text, voiceProfile: 'en-US-ZiraRUS', minDigits: 1, maxDigits: 1 } })
  const say = (text: string) => ({ action: 'say', params: { text, voiceProfile: 'en-US-ZiraRUS', repetition: 1, speed: 1 } })
  const answer = (p: { callStatus?: string; clientActionId?: string; eventData?: { dtmf?: string } }) => {
    if (p.callStatus === 'CALL_RECEIVED') return { clientActionId: 'menu', callflow: [capture(MENU)] }
    if (p.clientActionId !== 'menu') return { callflow: [{ action: 'hangup' }] }
    if (p.eventData?.dtmf === '1') return { clientActionId: 'bye', callflow: [say('Your appointment is confirmed. Goodbye.')] }
    if (p.eventData?.dtmf === '2') return { clientActionId: 'bye', callflow: [say('Your appointment is cancelled. Goodbye.')] }
    return { clientActionId: 'menu', callflow: [capture(`Sorry. ${MENU}`)] }
  }
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      res.setHeader('content-type', 'application/json')
      res.end(req.url === '/8x8/vca' ? JSON.stringify(answer((JSON.parse(body) as { payload?: object }).payload ?? {})) : '{}')
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

describe('callspec explore --emit-scenarios on 8x8', { timeout: 120_000 }, () => {
  it('writes timeouts at a menu the platform asks again itself so that callspec run passes them as written', async () => {
    const { url, server } = await startDental8x8()
    try {
      const file = join(tempDir('explore-8x8'), 'explored.yaml')
      const code = await exploreCommand([url, '--platform', '8x8', '--webhook-path', '/8x8/vca', '--max-depth', '2', '--emit-scenarios', file], explore, sink().stream, sink().stream)
      expect(code).toBe(0)
      const text = readFileSync(file, 'utf8')
      const written = (text.match(/^ {2}- name: /gm) ?? []).length
      const run = await cli(['run', file])
      expect(run.out).toMatch(new RegExp(`\\nall passed, ${written} passed, ${written} call\\(s\\) in [\\d.]+ s\\n$`))
      expect(run.code).toBe(0)
      // The first menu's timeout, after which the platform asks again itself: the caller waits for
      // that one timeout (as the explorer did), not until the app acts (after the third).
      // (Unquoted since its label keeps the keys: a `Press # …` had to be quoted in YAML.)
      expect(text).toMatch(/ {2}- name: timeout ⇒ City Dental\. Press 1 to confirm your appointment, 2 to canc…\n {4}seed: \d+\n {4}steps:\n {6}- expect: sayAndCapture\n {6}- heard: City Dental\. Press 1 to confirm your appointment, 2 to cancel it\.\n {6}- silent: timeout\n/)
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})

describe('callspec explore: usage mistakes and an app that is not there', { timeout: 60_000 }, () => {
  const run = async (argv: string[]) => {
    const out = sink()
    const err = sink()
    const code = await exploreCommand(argv, explore, out.stream, err.stream)
    return { code, out: out.text(), err: err.text() }
  }
  const help = 'Run callspec explore --help for the options.\n'

  it.each([
    [['--max-calls', 'abc'], '--max-calls is a whole number ≥ 1, got "abc"'],
    [['--max-depth', '0'], '--max-depth is a whole number ≥ 1, got "0"'],
    [['--seed', 'banana'], '--seed is a whole number, got "banana"'],
    [['--time-limit', 'soon'], '--time-limit is a duration above 0, such as 90s, 2m or 500ms (a bare number is ms), got "soon"'],
    [['--time-limit=-5s'], '--time-limit is a duration above 0, such as 90s, 2m or 500ms (a bare number is ms), got "-5s"'],
    // Brief h209: 0 was refused as "is a duration such as 90s, 2m or 500ms", which 0s is; nothing said it must be above 0.
    [['--time-limit=0'], '--time-limit must be above 0, got "0": give a duration such as 90s, 2m or 500ms (a bare number is ms)'],
    [['--time-limit', '0s'], '--time-limit must be above 0, got "0s": give a duration such as 90s, 2m or 500ms (a bare number is ms)'],
    [['--time-limit', '0.0001s'], '--time-limit must be above 0, got "0.0001s" (it rounds to 0 ms): give a duration such as 90s, 2m or 500ms (a bare number is ms)'],
    // QA-163 Q3: a bare small number is refused, as a step's is (before, 60 ms and the exploration stopped at once).
    [['--time-limit', '60'], '--time-limit 60 is 60 ms, over before a call could finish: write --time-limit 60s for seconds, or 60ms if you mean milliseconds'],
    [['--emit', 'x.test.ts'], '--emit needs a config module (the suite imports it); save one with { target, options }, or use --emit-scenarios with a URL.'],
  ])('%j: exit 2 with the message, before any call', async (args, message) => {
    // 127.0.0.1:1: nothing listens; a check made after exploring would say so first.
    const { code, out, err } = await run(['http://127.0.0.1:1', '--platform', 'webex-connect', ...args])
    expect(err).toBe(`callspec explore: ${message}\n${help}`)
    expect(out).toBe('')
    expect(code).toBe(2)
  })

  it('takes --time-limit as a duration (5s), as run --wait-timeout does; exit 1 when no call reached the app', async () => {
    const { code, out, err } = await run(['http://127.0.0.1:1', '--platform', 'webex-connect', '--time-limit', '5s', '--max-calls', '2'])
    expect(out).toMatch(/^callspec explore \(webex-connect\): 1 calls, /)
    expect(err).toBe('callspec explore: no call reached the app: nothing listens at 127.0.0.1:1. Is the app running, and is http://127.0.0.1:1 its address?\n')
    expect(code).toBe(1)
  })
})

describe('callspec explore by URL, its webhook path wrong', { timeout: 60_000 }, () => {
  it('says to give --webhook-path, not to edit a scenario file (helper-137 finding 04, as dial)', async () => {
    const { url, server } = await startPinIvr()
    try {
      const out = sink()
      const err = sink()
      await exploreCommand([url, '--platform', 'webex-connect', '--max-depth', '1'], explore, out.stream, err.stream)
      const said = out.text() + err.text()
      expect(said).toContain('Hint: is `--webhook-path` right? The first webhook went to')
      expect(said).toContain('Give the path your app serves with --webhook-path /your/route.')
      expect(said).not.toContain('scenario file (webhookPath: /your/route)')
    } finally {
      server.close()
    }
  })
})
