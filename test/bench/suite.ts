import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { WEBEX_APP_SOURCE } from './webex-app-source.js'

const FILES = 20
const PER_FILE = 50
const repo = fileURLToPath(new URL('../../', import.meta.url))
let root = ''

/** The bench's Webex app, as a user's module (the same in both suites). */
const app = WEBEX_APP_SOURCE

const callspecFile = (f: number) => `import { it } from 'vitest'
import { callTo } from 'callspec'
import { listener } from '../app.js'
${Array.from({ length: PER_FILE }, (_, i) => `it('call ${f}-${i}', async () => {
  await callTo(listener, { platform: 'webex-connect', seed: ${f * PER_FILE + i + 1} }).expectAction('ANSWER').expectAction('PLAY').pressDigits('1').expectAction('HANGUP')
})`).join('\n')}
`

/** The same webhooks, replayed by hand with supertest, asserting the same actions. */
const supertestFile = (f: number) => `import { expect, it } from 'vitest'
import request from 'supertest'
import { listener } from '../app.js'
const post = (body) => request(listener).post('/').set('content-type', 'application/json').send(body)
${Array.from({ length: PER_FILE }, (_, i) => `it('call ${f}-${i}', async () => {
  const sessionId = 's-${f}-${i}'
  expect((await post({ event: 'ACCEPTED', sessionId, callerId: '+14155550100', dialedNumber: '+14155550199' })).body).toEqual({ action: 'ANSWER' })
  expect((await post({ event: 'ANSWERED', sessionId })).body.action).toBe('PLAY')
  expect((await post({ event: 'COLLECTED_DIGITS', sessionId, digits: '1' })).body).toEqual({ action: 'HANGUP' })
  expect((await post({ event: 'DROPPED', sessionId })).status).toBe(200)
})`).join('\n')}
`

/**
 * A project outside this repository with callspec installed from its packed tarball, as a user
 * has it. Inside the repo, 'callspec' would resolve to the repo itself (a package self-reference,
 * outside node_modules) and vitest would run it through its transform pipeline instead of Node:
 * measured, that cost each test file about a second. The other packages are linked from the repo.
 */
function install(): void {
  root = `${mkdtempSync(join(tmpdir(), 'callspec-bench-suite-'))}/`
  const modules = join(root, 'node_modules')
  mkdirSync(join(modules, 'callspec'), { recursive: true })
  for (const entry of readdirSync(join(repo, 'node_modules'))) {
    if (entry !== 'callspec' && !entry.startsWith('.')) symlinkSync(join(repo, 'node_modules', entry), join(modules, entry), 'dir')
  }
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', root], { cwd: repo, encoding: 'utf8' })) as [{ filename: string }]
  execFileSync('tar', ['xzf', join(root, pack.filename), '-C', join(modules, 'callspec'), '--strip-components=1'])
}

function generate(): void {
  install()
  for (const kind of ['callspec', 'supertest'] as const) mkdirSync(`${root}${kind}`, { recursive: true })
  writeFileSync(`${root}app.js`, app)
  for (let f = 0; f < FILES; f++) {
    writeFileSync(`${root}callspec/calls-${f}.test.js`, callspecFile(f))
    writeFileSync(`${root}supertest/calls-${f}.test.js`, supertestFile(f))
  }
  // callspec's suite registers its matchers as a user's config would.
  writeFileSync(`${root}callspec.config.mjs`, `export default { test: { include: ['callspec/**/*.test.js'], setupFiles: ['callspec/vitest'] } }\n`)
  writeFileSync(`${root}supertest.config.mjs`, `export default { test: { include: ['supertest/**/*.test.js'] } }\n`)
}

/**
 * Where a suite's time goes, summed over its files: vitest's own phases (its summary line:
 * `setup` is the setup files, `import` the test files' imports) and the tests' durations from its
 * JSON report, the first test of each file (the first call: what loads on first use, and V8's cold
 * code) apart from the rest.
 */
export interface Phases {
  setup: number
  import: number
  firstTests: number
  otherTests: number
}

const ms = (text: string, phase: string): number => {
  const match = new RegExp(`${phase} ([\\d.]+)(m?s)`).exec(text)
  return match ? Number(match[1]) * (match[2] === 's' ? 1000 : 1) : Number.NaN
}

function run(kind: 'callspec' | 'supertest', round: number): { wall: number; phases: Phases } {
  const report = `${root}${kind}-${round}.json`
  const started = performance.now()
  const result = spawnSync(
    process.execPath,
    [join(repo, 'node_modules/vitest/vitest.mjs'), 'run', '--root', root, '--config', `${root}${kind}.config.mjs`, '--reporter=dot', '--reporter=json', `--outputFile.json=${report}`],
    { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  )
  const wall = performance.now() - started
  if (result.status !== 0) throw new Error(`the ${kind} suite failed:\n${result.stdout}\n${result.stderr}`)
  const files = (JSON.parse(readFileSync(report, 'utf8')) as { testResults: Array<{ assertionResults: Array<{ duration?: number }> }> }).testResults
  const durations = files.map((f) => f.assertionResults.map((a) => a.duration ?? 0))
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
  return {
    wall,
    phases: {
      setup: ms(result.stdout, 'setup'),
      import: ms(result.stdout, 'import'),
      firstTests: sum(durations.map((d) => d[0] ?? 0)),
      otherTests: sum(durations.map((d) => sum(d.slice(1)))),
    },
  }
}

/** Wall time of a generated suite of call tests under vitest, callspec against hand-written supertest; rounds interleaved. */
export async function suiteTimes(rounds: number) {
  const callspec: number[] = []
  const supertest: number[] = []
  const phases: Record<'callspec' | 'supertest', Phases[]> = { callspec: [], supertest: [] }
  try {
    // Inside the try: the dir is removed when the install or a file fails too.
    generate()
    for (let i = 0; i < rounds; i++) {
      // Every other round starts with supertest: the second suite of a round ran on a warmer disk cache.
      for (const kind of i % 2 === 0 ? (['callspec', 'supertest'] as const) : (['supertest', 'callspec'] as const)) {
        const r = run(kind, i)
        ;(kind === 'callspec' ? callspec : supertest).push(r.wall)
        phases[kind].push(r.phases)
      }
    }
  } finally {
    if (root) rmSync(root, { recursive: true, force: true })
  }
  return { files: FILES, tests: FILES * PER_FILE, callspec, supertest, phases }
}
