import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createIvrApp, exampleConfig } from '../../examples/webex-connect-pin-ivr/app.js'
import { main } from '../../src/cli/index.js'
import { cliNodeArgs } from '../helpers/cli-command.js'

/** Runs `callspec …` in this process with its output captured. */
export async function cli(argv: string[], options: { tty?: boolean; columns?: number } = {}) {
  let out = ''
  let err = ''
  const code = await main(argv, {
    out: { write: (t: string) => (out += t) },
    err: { write: (t: string) => (err += t), isTTY: options.tty ?? false, columns: 'columns' in options ? options.columns : 100 },
    cwd: process.cwd(),
  })
  return { code, out, err }
}

/**
 * `callspec …` in a process of its own, as a user or CI runs it (the built CLI, or the sources through tsx: cliNodeArgs): its exit
 * code and whole output. What an in-process run (cli) cannot show: console.warn on the process's
 * stderr, a --start app's exit, signals. `input`: piped to its stdin, then the end of it, as
 * `printf '1\n' | callspec dial …` runs it.
 */
export async function cliProcess(args: string[], options: { input?: string } = {}): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, cliNodeArgs(args), { stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()))
  if (options.input !== undefined) child.stdin!.end(options.input)
  const [code] = (await once(child, 'close')) as [number | null]
  return { code, out, err }
}

/** Text as the JUnit report writes it in an attribute. */
export const xmlEscaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** The Acme Bank example IVR listening on a loopback port, as a server outside the test would be. */
export async function startPinIvr(): Promise<{ url: string; server: Server }> {
  const server = createServer(createIvrApp(exampleConfig()))
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

export const FIXTURES = 'test/cli/fixtures'

/** JUnit's suite for test/cli/fixtures/pass.yaml when neither of its two calls ran: each a `<skipped>` saying `reason`. */
export const passYamlSkipped = (reason: string): string[] => [
  `  <testsuite name="${FIXTURES}/pass.yaml" tests="2" failures="0" errors="0" skipped="2" time="0.000" timestamp="…">`,
  ...['balance', 'wrong PIN three times'].flatMap((name) => [`    <testcase name="${name}" classname="${FIXTURES}/pass.yaml" time="0.000">`, `      <skipped message="${reason}"/>`, '    </testcase>']),
  '  </testsuite>',
]
