import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, FIXTURES, startPinIvr } from './run-cli.js'

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
    [['run', `${FIXTURES}/pass.yaml`, '--target', 'x', '--app', 'y'], 'callspec run: give --target or --app, not both'],
    [['run', `${FIXTURES}/pass.yaml`], 'callspec run: test/cli/fixtures/pass.yaml:5: scenario "balance" has no target: pass --target <url> or --app <module>, or add target: to the file'],
    [['run', `${FIXTURES}/invalid.yaml`, '--target', 'http://x'], 'callspec run: test/cli/fixtures/invalid.yaml:4:13: silent takes a duration such as 60s'],
    [['run', 'nothing/*.yaml', '--target', 'http://x'], 'callspec run: no scenario files (.yaml, .yml, .json) match "nothing/*.yaml"'],
    [['run', `${FIXTURES}/pass.yaml`, '--colour'], `callspec run: Unknown option '--colour'`],
    [['dance'], 'callspec: unknown command "dance".\n\nUsage: callspec <command> [options]'],
  ])('exits 2 on a usage error: %j', async (argv, message) => {
    const { code, err } = await cli(argv)
    expect(err).toContain(message)
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
    const dir = mkdtempSync(join(tmpdir(), 'callspec-start-'))
    const port = 20_000 + Math.floor(Math.random() * 20_000)
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

  it('exits 2 with the app output when the app dies before it answers', async () => {
    const { code, err } = await cli(['run', `${FIXTURES}/pass.yaml`, '--start', 'echo "port in use" >&2; exit 3', '--wait-on', 'http://127.0.0.1:9/health'])
    expect(err).toContain('callspec run: --start "echo \\"port in use\\" >&2; exit 3" exited with code 3 before http://127.0.0.1:9/health answered. Its output:\nport in use')
    expect(code).toBe(2)
  }, 30_000)

  it('stops the app on SIGINT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'callspec-sigint-'))
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'run', `${FIXTURES}/pass.yaml`, '--start', `echo $$ > ${dir}/pid; exec sleep 30`, '--wait-on', 'http://127.0.0.1:9/health', '--wait-timeout', '50s'], {
      stdio: 'ignore',
    })
    const pidFile = join(dir, 'pid')
    for (let i = 0; i < 800 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 50))
    const pid = Number(readFileSync(pidFile, 'utf8'))
    expect(isAlive(pid)).toBe(true)
    child.kill('SIGINT')
    const exitCode = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    expect(exitCode).toBe(130)
    expect(isAlive(pid)).toBe(false)
  }, 60_000)
})

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
