import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync, writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIvrApp, exampleConfig } from '../../examples/webex-connect-pin-ivr/app.js'
import { seedFrom } from '../../src/utils/random.js'
import { cli, FIXTURES, startPinIvr } from './run-cli.js'
import { freePort } from '../helpers/free-port.js'
import { isAlive, pidFrom } from '../helpers/is-alive.js'
import { tempDir } from '../helpers/temp-dir.js'
import { cliNodeArgs, cliShellCommand } from '../helpers/cli-command.js'

let url: string
let server: Server
beforeAll(async () => ({ url, server } = await startPinIvr()))
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('callspec run: exit codes', () => {
  it('exits 0 when every call passes, listing each', async () => {
    const { code, out, err } = await cli(['run', `${FIXTURES}/pass.yaml`, '--target', url])
    expect(code).toBe(0)
    expect(out).toMatch(/^✔ balance \(test\/cli\/fixtures\/pass\.yaml:5, \d+ ms\)\n✔ wrong PIN three times \(test\/cli\/fixtures\/pass\.yaml:15, \d+ ms\)\n\nall passed, 2 passed, 2 call\(s\) in [\d.]+ s\n$/)
    expect(err).toBe('') // not a TTY: no progress line
  })

  it('exits 1 when a call fails, printing its transcript and its place in the file', async () => {
    const { code, out } = await cli(['run', `${FIXTURES}/pass.yaml`, `${FIXTURES}/fail.yaml`, '--target', url])
    expect(code).toBe(1)
    expect(out).toContain('✖ a wrong PIN is not patched through (test/cli/fixtures/fail.yaml:1)')
    expect(out).toContain(`── Failure 1/1: a wrong PIN is not patched through ──\n[callspec] turn 3, expectAction('PATCH', { dialedNumber: "+14155550142" }): expected action PATCH { dialedNumber: "+14155550142" }, got PLAY TTS "That PIN is not right.`)
    expect(out).toContain('    at test/cli/fixtures/fail.yaml:9:5 (scenario "a wrong PIN is not patched through")')
    expect(out).toMatch(/1 failed, 2 passed, 3 call\(s\)/)
  })

  it.each([
    [['run'], 'callspec run: name the scenario files to run'],
    [['run', `${FIXTURES}/pass.yaml`, '--concurrency', '0', '--target', 'http://x'], 'callspec run: --concurrency is a whole number ≥ 1, got "0"'],
    [['run', `${FIXTURES}/pass.yaml`, '--shard', '3/2', '--target', 'http://x'], 'callspec run: --shard is i/n with 1 ≤ i ≤ n, such as 1/3; got "3/2"'],
    [['run', `${FIXTURES}/pass.yaml`, '--reporter', 'tap'], 'callspec run: unknown --reporter "tap": one of pretty, junit, json, html'],
    [['run', `${FIXTURES}/pass.yaml`, '--reporter', 'junt:out.xml'], 'callspec run: unknown --reporter "junt" (did you mean "junit"?): one of pretty, junit, json, html'],
    [['run', `${FIXTURES}/pass.yaml`, '--target', 'x', '--app', 'y'], 'callspec run: give --target or --app, not both'],
    [['run', `${FIXTURES}/pass.yaml`, '--target', 'http://x', '--wait-timeout', '5s'], 'callspec run: --wait-timeout needs --wait-on (the URL to wait for, with --start)'],
    // Brief h209: as --time-limit, a 0 said it was no duration ("is a duration such as 30s"), not that it must be above 0.
    [['run', `${FIXTURES}/pass.yaml`, '--start', 'true', '--wait-on', 'http://127.0.0.1:9/', '--wait-timeout', '0s'], 'callspec run: --wait-timeout must be above 0, got "0s": give a duration such as 30s\n'],
    [['run', `${FIXTURES}/pass.yaml`, '--start', 'true', '--wait-on', 'http://127.0.0.1:9/', '--wait-timeout', 'soon'], 'callspec run: --wait-timeout is a duration above 0, such as 30s, got "soon"\n'],
    [['run', `${FIXTURES}/pass.yaml`], 'callspec run: test/cli/fixtures/pass.yaml:5: scenario "balance" has no target: pass --target <url> or --app <module>, or add target: to the file'],
    [['run', `${FIXTURES}/invalid.yaml`, '--target', 'http://x'], 'callspec run: test/cli/fixtures/invalid.yaml:4:13: silent takes a duration such as 60s'],
    [['run', 'nothing/*.yaml', '--target', 'http://x'], 'callspec run: no scenario files (.yaml, .yml, .json) match "nothing/*.yaml"'],
    [['run', '.\\test\\cli\\fixtures\\pass.yaml', '--target', 'http://x'], `: a glob takes / between folders, on Windows too ("./test/cli/fixtures/pass.yaml")`],
    [['run', `${FIXTURES}/pass.yaml`, '--colour'], 'callspec run: unknown option --colour\nRun callspec run --help for the options.\n'],
    [['dance'], 'callspec: unknown command "dance".\n\nUsage: callspec <command> [options]'],
    // h201: a slip of one letter named no command; the usage under it lists them all.
    [['rn', 'scenarios/*.yaml'], 'callspec: unknown command "rn" (did you mean "run"?).\n\nUsage: callspec <command> [options]'],
    [['explor'], 'callspec: unknown command "explor" (did you mean "explore"?).\n\nUsage: callspec <command> [options]'],
  ])('exits 2 on a usage error: %j', async (argv, message) => {
    const { code, err } = await cli(argv)
    expect(err).toContain(message)
    expect(code).toBe(2)
  })

  it("a first webhook answered 404 hints at the scenario file's webhookPath key, not only at callTo's option", async () => {
    const { code, out } = await cli(['run', `${FIXTURES}/wrong-path.yaml`, '--target', url])
    expect(out).toContain('Hint: is `webhookPath` right? The first webhook went to ')
    // Said the way the file is written: the TypeScript form means nothing to a QA engineer on a Python app (audit qa-68).
    expect(out).toContain("(this call used `/voice/events`, from your webhookPath setting; webex-connect's default is `/`). Set the path your app serves in the scenario file (webhookPath: /your/route).")
    expect(out).not.toContain('callTo(')
    expect(code).toBe(1)
  })

  // The reports written then (JUnit, JSON, HTML): invalid-file-reports.test.ts.
  it('lists every invalid file with its line and column, runs no call, exit 2', async () => {
    const { code, out, err } = await cli(['run', `${FIXTURES}/pass.yaml`, `${FIXTURES}/invalid-files/*.yaml`, '--target', url])
    expect(err).toBe(
      'callspec run: 2 scenario files are invalid, no call was run:\n' +
        `${FIXTURES}/invalid-files/action-typo.yaml:4:13: webex-connect has no action "PLAYY" (did you mean "PLAY"?); its actions are ANSWER, PLAY, PATCH, RECORD, HANGUP, REJECT\n` +
        `${FIXTURES}/invalid-files/silent-word.yaml:4:13: silent takes a duration such as 60s, 1.5 s or 500ms, timeout (until the platform's input timeout) or nothing (until the app acts), got "forever"\n`,
    )
    expect(out).toBe('')
    expect(code).toBe(2)
  })

  it('has --help for every command', async () => {
    for (const command of ['run', 'validate', 'schema', 'dial']) {
      const { code, out } = await cli([command, '--help'])
      expect(code).toBe(0)
      expect(out).toMatch(new RegExp(`^Usage: callspec ${command} `))
    }
    const top = await cli(['--help'])
    expect(top.out).toMatch(/Commands:\n {2}run +Run scenario files against an app\n/)
  })

  it('keeps validate working', async () => {
    const { code, out } = await cli(['validate', 'webex-connect', 'action', 'test/package/fixtures/bad-action.json'])
    expect(code).toBe(1)
    expect(out).toMatch(/^✖ invalid webex-connect action/)
  })
})

describe('callspec run: a /pattern/ that is not a valid regular expression', () => {
  const FIX = 'put a \\ before ( ) [ ] { } . * + ? | ^ $ meant as text (\\\\ inside double quotes and in JSON), or drop the slashes to match the text exactly'
  it.each([
    ['match.yaml', '6:31: step 2 (expect PLAY): "/Pizza (Planet/" is not a valid pattern (Invalid regular expression: /Pizza (Planet/: Unterminated group): '],
    ['heard.yaml', '6:12: step 3 (heard): "/Pizza (Planet/" is not a valid pattern (Invalid regular expression: /Pizza (Planet/: Unterminated group): '],
    ['match.json', '4:88: step 2 (expect PLAY): "/a(/" is not a valid pattern (Invalid regular expression: /a(/: Unterminated group): '],
  ])('%s: exits 2 naming the file, line, column and step, with the regex’s own error and a fix', async (file, message) => {
    const { code, out, err } = await cli(['run', `${FIXTURES}/bad-patterns/${file}`, '--target', url])
    expect(err).toBe(`callspec run: ${FIXTURES}/bad-patterns/${file}:${message}${FIX}\n`)
    expect(out).toBe('')
    expect(code).toBe(2)
  })

  it('exits 2 on flags no regular expression has, naming the flags there are', async () => {
    const { code, err } = await cli(['run', `${FIXTURES}/bad-patterns/flags.yaml`, '--target', url])
    expect(err).toBe(
      `callspec run: ${FIXTURES}/bad-patterns/flags.yaml:6:31: step 2 (expect PLAY): /Welcome/z is not a pattern: "z" is not a flag (a pattern's flags are d, g, i, m, s, u, v, y); to match the text exactly, quote it: "/Welcome/z"\n`,
    )
    expect(code).toBe(2)
  })
})

describe('callspec run: a scenario that ends on keys the platform still holds', () => {
  // h201: the failure is the last step's (the keys), but its place was the scenario's first line.
  it("names the keys' line in the file", async () => {
    const { code, out } = await cli(['run', `${FIXTURES}/held-keys.yaml`, '--target', url])
    expect(out).toContain("[callspec] turn 2, end of call: the flow ended right after pressDigits('12'), while the platform still held the keys \"12\"")
    expect(out).toContain(`\n    at ${FIXTURES}/held-keys.yaml:8:9 (scenario "ends on a PIN with no hash")\n`)
    expect(code).toBe(1)
  })
})

describe('callspec run: a heard prompt that failed', () => {
  it('says a prompt cut off by the hangup was played, when, and that a silent step lets it play', async () => {
    const { code, out } = await cli(['run', `${FIXTURES}/heard/cut-off.yaml`, '--target', url])
    expect(out).toContain(
      '[callspec] heard(/Acme Bank/): the app played it, but the caller never heard it: "Welcome to Acme Bank. Please enter your PIN, followed by the…" (PLAY, turn 2) was played but cut off at 0.2 s (hung up), before the caller heard any of it. A `silent` step as long as the prompt (`silent: 10s`) before `hangup` lets it play.\nPrompts heard: (none)\n',
    )
    expect(code).toBe(1)
  })

  // h201: a step with other words than the prompt, on a call hung up as the prompt began, said
  // `(no prompt at all)` and nothing of the prompt the app had played: the tester went looking
  // for a missing PLAY, not for the wrong words.
  it('lists the prompts played but cut off under the prompts heard, when the step matched none of them', async () => {
    const { code, out } = await cli(['run', `${FIXTURES}/heard/cut-off-other-words.yaml`, '--target', url])
    expect(out).toContain(
      '[callspec] heard(/welcome to acme credit union/i): the caller never heard it.\nPrompts heard: (none)\nPlayed, but cut off before the caller heard any of it:\n  "Welcome to Acme Bank. Please enter your PIN, followed by the…" (PLAY, turn 2) was played but cut off at 0.2 s (hung up)\n\nCall (webex-connect',
    )
    expect(code).toBe(1)
  })

  // h201: JUnit's message is the failure's first line, which ended `… never heard it. Prompts heard:`.
  it("gives JUnit a message that says the failure whole, the prompts heard under it", async () => {
    const file = join(tempDir('heard-junit'), 'junit.xml')
    await cli(['run', `${FIXTURES}/heard/text-not-pattern.yaml`, '--target', url, '--reporter', `junit:${file}`])
    expect(readFileSync(file, 'utf8')).toContain('<failure message="[callspec] heard(&quot;Acme Bank&quot;): the caller never heard it." type="FlowAssertionError">')
  })

  it('hints that text matches the whole prompt and /…/ finds it inside, in match and in heard', async () => {
    const { code, out } = await cli(['run', `${FIXTURES}/heard/text-not-pattern.yaml`, '--target', url])
    const hint = 'Hint: "Acme Bank" is text, which matches only the whole of "Welcome to Acme Bank. Please enter your PIN, followed by the…"; to find it inside, write a pattern: /Acme Bank/\n'
    expect(out).toContain(`PLAY did not match: audio[0].text: expected "Acme Bank", got "Welcome to Acme Bank. Please enter your PIN, followed by the hash key."\n${hint}`)
    expect(out).toContain(`[callspec] heard("Acme Bank"): the caller never heard it.\nPrompts heard:\n  ♪ "Welcome to Acme Bank. Please enter your PIN, followed by the hash key."\n${hint}`)
    expect(code).toBe(1)
  })
})

describe('callspec run --reporter junit', () => {
  const junitOf = async (target: string, files: string[]) => {
    const file = join(tempDir('junit'), 'junit.xml')
    const { code } = await cli(['run', ...files, '--target', target, '--reporter', `junit:${file}`, '--concurrency', '4'])
    const lint = spawnSync('xmllint', ['--noout', '--schema', 'test/report/junit-10.xsd', file], { encoding: 'utf8' })
    expect(lint.status).toBe(0)
    return { code, xml: readFileSync(file, 'utf8') }
  }
  const times = (xml: string, element: string) => [...xml.matchAll(new RegExp(`<${element} [^>]*time="([\\d.]+)"`, 'g'))].map((m) => Math.round(Number(m[1]) * 1000))
  const sum = (ms: number[]) => ms.reduce((a, b) => a + b, 0)

  it('gives the whole the sum of its suites’ times and each suite the sum of its calls’, though calls run at once', async () => {
    const { xml } = await junitOf(url, [`${FIXTURES}/pass.yaml`, `${FIXTURES}/fail.yaml`])
    expect(times(xml, 'testsuites')).toEqual([sum(times(xml, 'testsuite'))])
    expect(sum(times(xml, 'testsuite'))).toBe(sum(times(xml, 'testcase')))
    expect(xml).toMatch(/<testsuites name="callspec" tests="3" failures="1" errors="0" /)
  })

  it('counts a call that found no app listening as an <error>, not a <failure>', async () => {
    const { code, xml } = await junitOf('http://127.0.0.1:9', [`${FIXTURES}/pass.yaml`])
    expect(xml).toMatch(/<testsuites name="callspec" tests="2" failures="0" errors="2" /)
    expect(xml).toMatch(/<testsuite name="test\/cli\/fixtures\/pass.yaml" tests="2" failures="0" errors="2" /)
    expect(xml).toContain(
      `<error message="[callspec] turn 1, expectAction('ANSWER'): no answer to ACCEPTED (POST http://127.0.0.1:9/webex/events): nothing listens at 127.0.0.1:9: is the app running? (connection refused)" type="AppResponseError">`,
    )
    expect(xml).not.toContain('<failure')
    expect(code).toBe(2)
  })
})

describe('callspec run --app <an entry file that starts its own server>', () => {
  it('ends with its exit code, though the module keeps a server open (audit: it never returned)', async () => {
    const started = performance.now()
    const child = spawn(process.execPath, cliNodeArgs(['run', `${FIXTURES}/pass.yaml`, '--app', 'test/cli/fixtures/apps/listens-on-import.mjs']), {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let err = ''
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    const [code] = (await once(child, 'close')) as [number]
    expect(err).toContain('listens-on-import.mjs exports neither default nor app')
    expect(code).toBe(2)
    expect(performance.now() - started).toBeLessThan(15_000)
  }, 30_000)
})

describe('callspec run --app <a module whose default export is not an app>', () => {
  const answerAndHangUp = () => {
    const file = join(tempDir('app-module'), 'answer.yaml')
    writeFileSync(file, ['platform: webex-connect', 'scenarios:', '  - name: answered', '    steps:', '      - expect: ANSWER', '      - expect: HANGUP', ''].join('\n'))
    return file
  }

  it('refuses an explore config before any call, exit 2 (helper-137: every call failed in callTo() words, exit 1)', async () => {
    const { code, out, err } = await cli(['run', answerAndHangUp(), '--app', 'test/cli/fixtures/apps/explore-config-only.mjs'])
    expect(err).toContain(
      'callspec run: --app test/cli/fixtures/apps/explore-config-only.mjs: its default export is not an app callspec can call: it is a `callspec explore` config ({ target, options }). Export the app beside it (`export const app = …`: --app takes that one), or run the app and pass its URL with --target',
    )
    expect(err + out).not.toContain('callTo()')
    expect(code).toBe(2)
  })

  it('takes the app the module exports beside its explore config', async () => {
    const { code, out } = await cli(['run', answerAndHangUp(), '--app', 'test/cli/fixtures/apps/explore-config.mjs'])
    expect(out).toContain('✔ answered')
    expect(code).toBe(0)
  })
})

describe('callspec run | a reader that stops early', () => {
  it('exits quietly with the code of the calls when stdout is closed, no EPIPE crash', async () => {
    // `| true` closes the pipe before the report is written, as `| head -3` does for a long one.
    const command = `set -o pipefail; ${cliShellCommand(['run', `${FIXTURES}/pass.yaml`, `${FIXTURES}/fail.yaml`, '--target', url])} | true`
    const child = spawn('bash', ['-c', command], { stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    const [code] = (await once(child, 'close')) as [number]
    expect(err).toBe('')
    expect(code).toBe(1)
  }, 30_000)
})

describe('callspec run 2>&1 | a reader that stops early', () => {
  it('stderr closed too: the reports are written and the exit code is the calls\' (0), no EPIPE crash', async () => {
    const dir = tempDir('stderr-pipe')
    const command = `set -o pipefail; ${cliShellCommand(['run', `${FIXTURES}/pass.yaml`, '--target', url, '--reporter', `junit:${dir}/junit.xml`, '--reporter', `json:${dir}/calls.json`, '--reporter', `html:${dir}/calls.html`])} 2>&1 | true`
    const child = spawn('bash', ['-c', command], { stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    const [code] = (await once(child, 'close')) as [number]
    expect(err).toBe('')
    expect(code).toBe(0)
    expect(JSON.parse(readFileSync(`${dir}/calls.json`, 'utf8'))).toMatchObject({ total: 2, passed: 2 })
    expect(readFileSync(`${dir}/calls.html`, 'utf8')).toContain('<title>callspec: all passed (2 calls)</title>')
  }, 30_000)
})

describe('callspec validate: warnings and --strict', () => {
  const file = join(tempDir('validate'), 'play.json')
  writeFileSync(file, JSON.stringify({ action: 'PLAY', audio: [{ type: 'TTS', text: 'Hi' }], collectinput: { maxDigits: 1 } }))

  it('prints the warnings of a valid payload after the verdict, with their hint and rule, exit 0', async () => {
    const { code, out } = await cli(['validate', 'webex-connect', 'action', file])
    expect(out).toBe(
      '✔ valid webex-connect action, with 1 warning(s) (--strict makes them errors)\n' +
        '  ⚠ Unrecognized key: "collectinput" (received {"maxDigits":1}): ignored, as callspec assumes the vendor does with keys it does not know; did you mean "collectInput"? (rule webex-connect/unknown-keys, inferred)\n' +
        '  Rule webex-connect/unknown-keys, inferred: not documented.\n',
    )
    expect(code).toBe(0)
  })

  it('--strict makes every rule an error: the warning fails it, exit 1', async () => {
    const { code, out } = await cli(['validate', 'webex-connect', 'action', file, '--strict'])
    expect(out).toBe(
      '✖ invalid webex-connect action, by a rule callspec inferred, not one Webex Connect documents: webex-connect/unknown-keys, an error only under --strict (a warning without it)\n' +
        '  ✖ Unrecognized key: "collectinput" (received {"maxDigits":1}); did you mean "collectInput"? (rule webex-connect/unknown-keys, inferred)\n' +
        '  Rule webex-connect/unknown-keys, inferred: not documented.\n',
    )
    expect(code).toBe(1)
  })
})

describe('callspec run: a number where the file must write a string', () => {
  it.each([
    ['press.yaml', '8:12: press must be quoted: unquoted, 0123 is the number 123; write press: "0123"'],
    ['from.yaml', '3:7: from must be quoted: unquoted, +14155550100 is the number 14155550100; write from: "+14155550100"'],
    // A .json file is shown the JSON to write (QA-163 Q8): before, `write X-Tenant: "42"`, YAML.
    ['headers.json', '4:28: headers.X-Tenant must be quoted: unquoted, 42 is the number 42; write "X-Tenant": "42"'],
  ])('%s: exits 2 naming the place and the quoted form to write', async (file, message) => {
    const { code, out, err } = await cli(['run', `${FIXTURES}/unquoted/${file}`, '--target', url])
    expect(err).toBe(`callspec run: ${FIXTURES}/unquoted/${file}:${message}\n`)
    expect(out).toBe('')
    expect(code).toBe(2)
  })
})

describe('callspec run --shard', () => {
  const namesIn = (out: string) => [...out.matchAll(/^✔ shard file (\w)/gm)].map((m) => m[1])

  it('splits the files deterministically, each in exactly one shard', async () => {
    const shards = []
    for (const i of [1, 2, 3]) {
      const { code, out } = await cli(['run', `${FIXTURES}/shard/*.yaml`, '--shard', `${i}/3`, '--target', url])
      expect(code).toBe(0)
      shards.push(namesIn(out))
    }
    expect(shards).toEqual([['a', 'd'], ['b', 'e'], ['c']])
    const again = await cli(['run', `${FIXTURES}/shard/*.yaml`, '--shard', '2/3', '--target', url, '--concurrency', '1'])
    expect(namesIn(again.out)).toEqual(['b', 'e'])
  })
})

describe('callspec run: default seeds', () => {
  it('differ for files of one name in two folders, so their calls are two sessions at the app', async () => {
    // The example IVR keeps each call's state by sessionId: note the sessions its calls start.
    const sessions: string[] = []
    const app = express()
    app.use(express.json())
    app.use((req, _res, next) => {
      if ((req.body as { event?: string }).event === 'ACCEPTED') sessions.push((req.body as { sessionId: string }).sessionId)
      next()
    })
    app.use(createIvrApp(exampleConfig()))
    const server = app.listen(0, '127.0.0.1')
    await once(server, 'listening')
    try {
      const { code, out } = await cli(['run', `${FIXTURES}/same-name/*/menu.yaml`, '--target', `http://127.0.0.1:${(server.address() as AddressInfo).port}`, '--reporter', 'json'])
      const calls = (JSON.parse(out) as { calls: Array<{ file: string; status: string; seed: number }> }).calls
      expect(new Set(sessions).size).toBe(2)
      // From the path relative to the working directory, with /, and the call's name: the same on every machine.
      expect(calls.map((c) => [c.file, c.seed])).toEqual(
        ['east', 'west'].map((dir) => [`${FIXTURES}/same-name/${dir}/menu.yaml`, seedFrom(`${FIXTURES}/same-name/${dir}/menu.yaml#wrong PIN three times`)]),
      )
      expect(calls.map((c) => c.status)).toEqual(['passed', 'passed'])
      expect(code).toBe(0)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})

describe('callspec run: progress on a terminal', () => {
  it('draws one line in place on a TTY and clears it at the end', async () => {
    const { err } = await cli(['run', `${FIXTURES}/shard/a.yaml`, '--target', url], { tty: true })
    expect(err).toContain('\r\x1b[K[0/1] ✔ 0 ✖ 0  shard file a')
    expect(err).toContain('\r\x1b[K[1/1] ✔ 1 ✖ 0  shard file a')
    expect(err.endsWith('\r\x1b[K')).toBe(true)
  })
})

describe('callspec run --start', () => {
  it('starts a Python app, waits until it answers, runs the suite and stops the app', async () => {
    const dir = tempDir('start')
    const port = await freePort()
    const { code, out } = await cli([
      'run',
      'examples/scenarios/python/*.yaml',
      '--start',
      `echo $$ > ${dir}/pid; exec python3 examples/scenarios/python/order_status.py ${port}`,
      '--wait-on',
      `http://127.0.0.1:${port}/health`,
    ])
    expect(out).toContain('all passed, 4 passed, 4 call(s)')
    expect(code).toBe(0)
    expect(isAlive(Number(readFileSync(join(dir, 'pid'), 'utf8')))).toBe(false)
  }, 60_000)

  // audit-122: --wait-on's origin replaced each file's own target:, and the files for another app
  // failed at the --start app, blaming webhookPath.
  it("sends a file with a target: of its own there, and only the files with none to the --start app", async () => {
    const dir = tempDir('start-own-target')
    const port = await freePort()
    const own = join(dir, 'pin-ivr.yaml')
    writeFileSync(own, `target: ${url}\n${readFileSync(`${FIXTURES}/pass.yaml`, 'utf8')}`)
    const { code, out } = await cli(['run', 'examples/scenarios/python/*.yaml', own, '--start', `exec python3 examples/scenarios/python/order_status.py ${port}`, '--wait-on', `http://127.0.0.1:${port}/health`])
    expect(out).toMatch(/all passed, (\d+) passed, \1 call\(s\)/)
    expect(out).toContain('✔ balance')
    expect(code).toBe(0)
  }, 60_000)

  it('exits 2 with the app output when the app dies before it answers', async () => {
    const { code, err } = await cli(['run', `${FIXTURES}/pass.yaml`, '--start', 'echo "port in use" >&2; exit 3', '--wait-on', 'http://127.0.0.1:9/health'])
    expect(err).toContain('callspec run: --start "echo \\"port in use\\" >&2; exit 3" exited with code 3 before http://127.0.0.1:9/health answered; its last output: "port in use".\nIts output:\nport in use')
    expect(code).toBe(2)
  }, 30_000)

  it('exits 2 with the exit code and output of an app that exits because a stale server holds its port', async () => {
    // `url` is the example IVR, already listening: a server left running on the port the app wants.
    const port = new URL(url).port
    const command = `node -e "require('http').createServer().listen(${port}, '127.0.0.1')"`
    const { code, out, err } = await cli(['run', `${FIXTURES}/pass.yaml`, '--start', command, '--wait-on', `${url}/health`])
    // Its last word, for a Node.js crash: the error's line, not the `}` of its properties or Node's trailer.
    expect(err).toContain(`callspec run: --start ${JSON.stringify(command)} exited with code 1 before the run; its last output: "Error: listen EADDRINUSE: address already in use 127.0.0.1:${port}".\nIts output:\n`)
    expect(err).toContain(`Error: listen EADDRINUSE: address already in use 127.0.0.1:${port}\n`)
    expect(err).toContain(`\n${url}/health answered before it started: another process holds that port. Is a server left running there?\n`)
    expect(out).toBe('')
    expect(code).toBe(2)
  }, 30_000)

  it('runs one scenario of a file given as file.yaml:LINE, and the ones --grep matches by name', async () => {
    // Before (audit qa-76): `callspec run scenarios/menu.yaml:7` matched no file, and there was no --grep.
    const byLine = await cli(['run', `${FIXTURES}/pass.yaml:17`, '--target', url])
    expect(byLine.out).toMatch(/^✔ wrong PIN three times \(test\/cli\/fixtures\/pass\.yaml:15, \d+ ms\)\n\nall passed, 1 passed, 1 call\(s\) in [\d.]+ s\n$/)
    expect(byLine.code).toBe(0)
    const byName = await cli(['run', `${FIXTURES}/pass.yaml`, `${FIXTURES}/fail.yaml`, '--grep', '^bal', '--target', url])
    expect(byName.out).toMatch(/^✔ balance \(test\/cli\/fixtures\/pass\.yaml:5, \d+ ms\)\n\nall passed, 1 passed, 1 call\(s\)/)
    expect(byName.code).toBe(0)
  })

  it.each([
    [['--grep', 'nothing like it'], 'callspec run: no scenario name matches --grep "nothing like it"; the names are "balance", "wrong PIN three times"'],
    [['--grep', '(['], 'callspec run: --grep is a regular expression matched against scenario names, got "([": Invalid regular expression: /([/: Unterminated character class'],
  ])('exits 2 when --grep selects nothing or is no regular expression: %j', async (args, message) => {
    const { code, err } = await cli(['run', `${FIXTURES}/pass.yaml`, ...args, '--target', url])
    expect(err).toContain(message)
    expect(code).toBe(2)
  })

  it('exits 2 on a line before the first scenario, naming where they start', async () => {
    const { code, err } = await cli(['run', `${FIXTURES}/pass.yaml:2`, '--target', url])
    expect(err).toContain('callspec run: test/cli/fixtures/pass.yaml:2 is before the file\'s first scenario; its scenarios start at line 5 ("balance"), line 15 ("wrong PIN three times")')
    expect(code).toBe(2)
  })

  it('exits 2 on a line past the end of the file, naming where its scenarios start (before, the last one ran, green)', async () => {
    const { code, err, out } = await cli(['run', `${FIXTURES}/pass.yaml:200`, '--target', url])
    expect(err).toContain('callspec run: test/cli/fixtures/pass.yaml:200 is past the end of the file (26 lines); its scenarios start at line 5 ("balance"), line 15 ("wrong PIN three times")')
    expect(out).not.toContain('passed')
    expect(code).toBe(2)
    // The file's last line still holds its last scenario.
    expect((await cli(['run', `${FIXTURES}/pass.yaml:26`, '--target', url])).code).toBe(0)
  })

  it("hints name the file's steps and settings, not the TypeScript API's (a forgotten press, actions never expected)", async () => {
    const { code, out } = await cli(['run', `${FIXTURES}/typescript-free-hints.yaml`, '--target', url])
    // Before (audit qa-68), a file's reader was told to `add .pressDigits(…)` and `Add .expectAction('PLAY')`.
    expect(out).toContain('If the caller answers that prompt, add a `- press: "…"` step before this step.')
    expect(out).toContain("\nAdd a `- expect: PLAY` step (or set unconsumed: warn or ignore).")
    expect(out).not.toMatch(/\.pressDigits\(|\.expectAction\(/)
    expect(code).toBe(1)
  })

  it('exits 2 with the exit code and the last 20 lines of output of an app that exits during the run', async () => {
    const port = await freePort()
    const command = `node ${FIXTURES}/apps/dies-when-answered.mjs ${port}`
    const { code, out, err } = await cli(['run', `${FIXTURES}/pass.yaml`, `${FIXTURES}/shard/a.yaml`, '--start', command, '--wait-on', `http://127.0.0.1:${port}/health`, '--concurrency', '1'])
    const [first, underWay, ...output] = err.split('\n')
    expect(first).toBe(`callspec run: --start ${JSON.stringify(command)} exited with code 3 during the run, which stopped there; its last output: "FATAL: out of memory (simulated)".`)
    // The call it cut off, and its step (pass.yaml's first call: the app died on its ANSWERED webhook).
    expect(underWay).toMatch(/^The call under way: "balance" \(test\/cli\/fixtures\/pass\.yaml:5\), turn 2, [^\n]*: no answer to ANSWERED [^\n]* any more: did the app crash\? \([^)]*\)$/)
    expect(output.join('\n')).toBe(`Its output (last 20 lines):\n${Array.from({ length: 19 }, (_, i) => `log line ${i + 7}\n`).join('')}FATAL: out of memory (simulated)\n`)
    // The pretty report (the default) of what the run got to: the call cut off, the ones not run, the totals (before, stdout was empty).
    expect(out).toMatch(/^✖ balance \(test\/cli\/fixtures\/pass\.yaml:5\)\n○ wrong PIN three times \(test\/cli\/fixtures\/pass\.yaml:\d+\) skipped: not run: [^\n]*\n○ shard file a [^\n]*\n\n── Failure 1\/1: balance ──\n[^]*\n\n1 failed, 0 passed, 2 skipped, 3 call\(s\) in [\d.]+ s\n$/)
    expect(code).toBe(2)
  }, 30_000)

  it('--api serves the fake vendor API to an EnableX app in another process, which reads its URL from the environment', async () => {
    // Measured before (helper-16): an EnableX app by URL could not be run from the command at all.
    const port = await freePort()
    const args = ['run', `${FIXTURES}/enablex/billing.yaml`, '--start', `node ${FIXTURES}/apps/enablex-by-url.mjs ${port}`, '--wait-on', `http://127.0.0.1:${port}/health`]
    const served = await cli([...args, '--api', '0'])
    expect(served.err).toMatch(/^enablex's REST API \(callspec's fake\) at http:\/\/127\.0\.0\.1:\d+: CALLSPEC_ENABLEX_API_URL\n$/)
    expect(served.out).toContain('✔ a caller presses 1 for billing')
    expect(served.code).toBe(0)
    const without = await cli(args)
    expect(without.out).toContain(
      "[callspec] start of call: an app on enablex drives the call through the fake enablex API, but the app runs outside this process. Start one with `callspec run --api <port>` (0: a free port), and point the app's enablex base URL at the URL it prints, followed by /voice/v1 (a --start command gets the URL as CALLSPEC_ENABLEX_API_URL).",
    )
    // No call could start, the run as written: exit 2, with what to pass (audit-108: exit 1, as if calls had failed).
    expect(without.err.endsWith("\ncallspec run: no call could start: every call needs callspec's fake enablex API, which this run does not serve: pass --api <port> (0: a free port) and point the app's enablex base URL at the URL it prints (exit 2: the run could not start as written).\n"), without.err).toBe(true)
    expect(without.code).toBe(2)
  }, 60_000)

  it('hints at --wait-on when the calls of --start without it find nothing listening, and at the port when nothing listens even at the end', async () => {
    const port = await freePort()
    // `sleep` never listens: the port is asked about first (helper-186: "maybe before the app listened" alone).
    const { code, out, err } = await cli(['run', `${FIXTURES}/shard/a.yaml`, '--start', 'exec sleep 30', '--target', `http://127.0.0.1:${port}`])
    expect(out).toContain(`nothing listens at 127.0.0.1:${port}: is the app running?`)
    expect(err).toBe(
      `\nHint: nothing listens at 127.0.0.1:${port} even now, at the end of the run, while the --start app still runs: is that the port it listens on? (Its output may say.) Without --wait-on the calls also began as soon as the command started. Pass --wait-on <url> (a URL the app answers once it is up, such as http://127.0.0.1:8000/health) to wait for it.\n` +
        `\ncallspec run: no call reached the app: nothing listened at 127.0.0.1:${port} (exit 2: the run could not go on).\n`,
    )
    // No call reached the app: the environment failed, not a call (before: exit 1, as a failed call).
    expect(code).toBe(2)
  }, 30_000)

  it('gives no --wait-on hint when the host was not found (waiting would not help): told by the failure, not its words', async () => {
    const { code, err } = await cli(['run', `${FIXTURES}/shard/a.yaml`, '--start', 'exec sleep 30', '--target', 'http://no-such-host.invalid:8000'])
    expect(err).toBe('\ncallspec run: no call reached the app: host not found: no-such-host.invalid:8000 (exit 2: the run could not go on). Is the host name right?\n')
    expect(code).toBe(2)
  }, 30_000)

  it('stops the app on SIGINT', async () => {
    const dir = tempDir('sigint')
    const child = spawn(process.execPath, cliNodeArgs(['run', `${FIXTURES}/pass.yaml`, '--start', `echo $$ > ${dir}/pid; exec sleep 30`, '--wait-on', 'http://127.0.0.1:9/health', '--wait-timeout', '50s']), {
      stdio: 'ignore',
    })
    const pid = await pidFrom(join(dir, 'pid'))
    expect(isAlive(pid)).toBe(true)
    child.kill('SIGINT')
    const exitCode = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    expect(exitCode).toBe(130)
    expect(isAlive(pid)).toBe(false)
  }, 60_000)
})
