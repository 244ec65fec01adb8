/**
 * callspec as a user gets it: the packed tarball installed into a fresh project, whose files are
 * the code blocks of the README, docs/recipes.md and the platform pages' first tests (pasted as
 * written) plus a few of our own
 * (test/package/consumer/). One project, set up once; then TypeScript (ESM, CommonJS, tsconfig
 * `types`), vitest with the README's setup, node:test with require, and a JUnit report of calls
 * that fail on purpose. `npm test` builds dist/ first; the packed files are checked below.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, readFileSync, symlinkSync, writeFileSync, mkdirSync, existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { codeBlocks, type CodeBlock } from './code-blocks.js'
import { tempDir } from '../helpers/temp-dir.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const project = tempDir('consumer')
const readme = codeBlocks(readFileSync(join(root, 'README.md'), 'utf8'))
const recipes = codeBlocks(readFileSync(join(root, 'docs/recipes.md'), 'utf8'))
/** The platform pages whose "A first test" section is an app and its test, as a newcomer pastes them. */
const platformPages = ['enablex', 'voxology'].map((platform) => codeBlocks(readFileSync(join(root, `docs/platforms/${platform}.md`), 'utf8')))
// 8x8's page opens with a first test too; its other ts blocks are fragments (a vendor option), so only its named blocks are pasted.
const eightByEight = codeBlocks(readFileSync(join(root, 'docs/platforms/8x8.md'), 'utf8'))
const pasted = [...readme.named, ...recipes.named, ...platformPages.flatMap((page) => page.named), ...eightByEight.named]

/** Tools a user installs next to callspec; linked from this repo to keep the test offline and fast. */
const TOOLS = [
  ...['vitest', 'typescript', '@types/node', 'express', '@types/express', 'fastify', 'koa', '@types/koa', 'hono', '@hono/node-server'],
  ...['@nestjs/common', '@nestjs/core', '@nestjs/platform-express', '@nestjs/testing', 'reflect-metadata', 'rxjs'],
]

interface Run {
  status: number | null
  out: string
}

function run(command: string, args: string[], timeout = 180_000): Run {
  const result = spawnSync(command, args, { cwd: project, encoding: 'utf8', timeout, env: { ...process.env, CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' } })
  return { status: result.status, out: `${result.stdout}\n${result.stderr}` }
}
const tsc = (config: string) => run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', config])
const vitest = (...args: string[]) => run(process.execPath, [join(project, 'node_modules/vitest/vitest.mjs'), 'run', ...args])
/**
 * The project checked once, its output shared by the tests that each read one file's errors from
 * it: the same files and the same tsc give the same output every run. Measured, the 8 runs it took
 * when each test ran its own were 49 s of this file's 150 s on a loaded machine. type-errors/, the
 * files that must not type-check, is in the project too (the same options): a run of its own cost
 * 6.7 s of CPU, where it adds under 1 s to the project's 16 s.
 */
let checked: Run | undefined
const typeCheck = () => (checked ??= tsc('tsconfig.json'))
/** The errors of the files outside type-errors/, each with its continuation lines. */
const errorsOutsideTypeErrors = (out: string) =>
  out
    .split(/\n(?=\S)/)
    .map((error) => error.trim())
    .filter((error) => error !== '' && !error.startsWith('type-errors/'))

let packed: string[] = []

beforeAll(() => {
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], { cwd: root, encoding: 'utf8' })) as [
    { filename: string; files: { path: string }[] },
  ]
  packed = pack.files.map((f) => f.path)
  cpSync(join(root, 'test/package/consumer'), project, { recursive: true })
  const install = spawnSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(project, pack.filename)], { cwd: project, encoding: 'utf8', timeout: 240_000 })
  if (install.status !== 0) throw new Error(`npm install of the tarball failed:\n${install.stderr}`)
  for (const tool of TOOLS) {
    const link = join(project, 'node_modules', tool)
    mkdirSync(dirname(link), { recursive: true })
    if (!existsSync(link)) symlinkSync(join(root, 'node_modules', tool), link, 'dir')
  }
  for (const block of pasted) writeFileSync(join(project, block.file), block.code)
}, 300_000)

describe('the packed tarball', { timeout: 300_000 }, () => {
  it("ships the build, the licence and the bundled packages' licences, the changelog and the README, and builds before packing", () => {
    expect(packed).toEqual(expect.arrayContaining(['LICENSE', 'dist/THIRD_PARTY_LICENSES.md', 'CHANGELOG.md', 'README.md', 'package.json', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/vitest.d.ts', 'dist/cli.js']))
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
    expect(pkg.scripts.prepack).toBe('npm run build')
    expect(pkg).toMatchObject({ license: 'MIT', repository: { url: expect.stringContaining('github.com/callspec/callspec') }, bugs: { url: expect.any(String) }, homepage: expect.any(String) })
  })

  it('ships the docs the README links to: every relative .md link and image of the README and the docs resolves inside the package', () => {
    const pages = packed.filter((p) => p === 'README.md' || (p.startsWith('docs/') && p.endsWith('.md')))
    expect(pages).toEqual(expect.arrayContaining(['docs/time.md', 'docs/platforms/enablex.md']))
    const dead = pages.flatMap((page) =>
      [...readFileSync(join(root, page), 'utf8').matchAll(/\]\(((?!https?:|#)[^)#\s]+\.(?:md|png))(#[^)]*)?\)/g)].flatMap(([, link]) => {
        const target = join(dirname(page), link!).replaceAll('\\', '/')
        return packed.includes(target) ? [] : [`${page} → ${link}`]
      }),
    )
    expect(dead).toEqual([])
  })
})

describe('docs code blocks', { timeout: 300_000 }, () => {
  const all: CodeBlock[] = pasted

  it('every TypeScript or JavaScript block names its file, so it can be run as written', () => {
    const loose = [...readme.unnamed, ...recipes.unnamed, ...platformPages.flatMap((page) => page.unnamed)].filter((b) => /^(ts|js|cjs|mjs|typescript|javascript)$/.test(b.lang))
    expect(loose.map((b) => b.code.split('\n')[0])).toEqual([])
    expect(all.map((b) => b.file)).toEqual(expect.arrayContaining(['vitest.config.ts', 'ivr.test.ts', 'fastify.test.ts', 'koa.test.ts', 'hono.test.ts', 'nest.test.ts', 'by-url.test.ts', 'server.py', 'ivr.node-test.cjs', 'enablex.test.ts', 'voxology.test.ts', '8x8.test.ts', '8x8-outbound.test.ts', 'enablex-voicemail.test.ts', 'enablex-outbound.test.ts', 'voxology-outbound.test.ts']))
  })
})

describe('TypeScript in the consumer project', { timeout: 300_000 }, () => {
  it('type-checks every block and the README setup (setupFiles only)', () => {
    const result = typeCheck()
    expect(errorsOutsideTypeErrors(result.out)).toEqual([])
    // The type-errors/ files fail it (the tests below read theirs); nothing else may.
    expect(result.status).toBe(2)
  })

  it('has the tsconfig flags the NestJS recipe asks for', () => {
    const nest = readFileSync(join(root, 'docs/recipes.md'), 'utf8').split(/^## /m).find((section) => section.startsWith('NestJS\n'))
    const asked = codeBlocks(nest ?? '').unnamed.filter((b) => b.lang === 'json')
    expect(asked).toHaveLength(1)
    const flags = (JSON.parse(asked[0]!.code) as { compilerOptions: Record<string, unknown> }).compilerOptions
    expect(flags).toEqual({ experimentalDecorators: true, emitDecoratorMetadata: true })
    const consumer = JSON.parse(readFileSync(join(project, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> }
    expect(consumer.compilerOptions).toMatchObject(flags)
  })

  // The CommonJS project keeps skipLibCheck off, so callspec's own declarations are checked too,
  // .d.cts and .d.ts (the recipes' project cannot: @types/koa 3 does not type-check against
  // content-disposition's own types). The types-only project's declarations are all in that one's
  // program: checking them again there cost 19 s of CPU.
  it('"types": ["callspec/vitest"] in tsconfig gives the matchers without importing callspec', () => {
    expect(tsc('tsconfig.types.json')).toEqual({ status: 0, out: expect.stringMatching(/^\s*$/) })
  })

  it("a wrong action name's error lists the platform's action names", () => {
    // It named only `ActionName<Driver<WebexActions, …>>` (helper-17), which says nothing to a newcomer.
    const result = typeCheck()
    expect(result.status).not.toBe(0)
    const error = result.out.split('\n').find((line) => line.includes('wrong-action.ts'))
    expect(error).toMatch(/error TS2345: Argument of type '"Play"' is not assignable to parameter of type '("[A-Z]+"( \| )?){6}'/)
    for (const name of ['ANSWER', 'PLAY', 'PATCH', 'RECORD', 'HANGUP', 'REJECT']) expect(error).toContain(`"${name}"`)
  })

  it('a misspelt platform, or options without `as const`, is one error, not one more at every step (helper-125)', () => {
    // From the package the steps after it each failed "… not assignable to parameter of type 'never'":
    // the declarations had inlined IsUnion wrongly (create-call-to.ts).
    const errors = typeCheck()
      .out.split('\n')
      .filter((line) => line.includes('wrong-platform.ts'))
    expect(errors).toHaveLength(2)
    expect(errors[0]).toMatch(/wrong-platform\.ts\(6,20\): error TS2322: Type '"webex"' is not assignable to type '("[a-z0-9-]+"( \| )?){4}'/)
    expect(errors[1]).toMatch(/wrong-platform\.ts\(8,18\): error TS2345: Argument of type '\{ platform: string; \}' is not assignable to parameter of type 'CallOptions<.*, AnyDriver>'/)
    expect(errors.join('\n')).not.toContain("'never'")
  })

  it("a misspelt webhook name in call.event() is a type error listing the platform's event names (helper-125)", () => {
    const errors = typeCheck()
      .out.split('\n')
      .filter((line) => line.includes('wrong-event.ts'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/wrong-event\.ts\(6,17\): error TS2345: Argument of type '"COLLECTED_DIGIT"' is not assignable to parameter of type '.*"COLLECTED_DIGITS".*'/)
    expect(errors[0]).not.toContain('EventName<')
  })

  it("a wrong action name in toHaveAction() is a type error too, listing the call's action names", () => {
    // Before (audit voxology-75), toHaveAction took any string: a misspelt name failed only at run time.
    const result = typeCheck()
    const errors = result.out.split('\n').filter((line) => line.includes('wrong-matcher-action.ts'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/wrong-matcher-action\.ts\(7,27\): error TS2345: Argument of type '"Play"' is not assignable to parameter of type '("[A-Z]+"( \| )?){6}'/)
  })

  it('a call matcher handed call.actions is a type error that says to pass the call (helper-180)', () => {
    // Before, it type-checked and failed only at run time.
    const errors = typeCheck()
      .out.split('\n')
      .filter((line) => line.includes('matcher-on-actions.ts'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/matcher-on-actions\.ts\(7,35\): error TS2345: Argument of type '"PLAY"' is not assignable to parameter of type '"pass the call itself, not call\.actions: expect\(call\)\.toHaveAction\(…\)"'/)
  })

  it('a call matcher handed a flow never awaited is a type error that says to await it; under .resolves it type-checks', () => {
    // Before, the flow's type passed for the call's, and the matcher failed only at run time.
    const errors = typeCheck()
      .out.split('\n')
      .filter((line) => line.includes('unawaited-flow.ts'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/unawaited-flow\.ts\(7,1\): error TS2684: The 'this' context of type 'Assertion<CallFlow<.*>>' is not assignable to method's 'this' of type '"await the call first: expect\(await callTo\(…\)…\) or await expect\(callTo\(…\)…\)\.resolves"'/)
  })

  it("a misspelt field of a webhook's body is a type error naming the field meant", () => {
    // Before, the body's loose schema typed any other name as unknown.
    const errors = typeCheck()
      .out.split('\n')
      .filter((line) => line.includes('misspelt-event-field.ts'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/misspelt-event-field\.ts\(7,29\): error TS2551: Property 'calerId' does not exist on type .*\. Did you mean 'callerId'\?/)
  })

  it("a misspelt key of toHaveAction's match is a type error, as in expectAction", () => {
    // Before, the match took any object: `.not` with a misspelt key passed whatever the app sent.
    const errors = typeCheck()
      .out.split('\n')
      .filter((line) => line.includes('wrong-matcher-key.ts'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/wrong-matcher-key\.ts\(7,42\): error TS2353: Object literal may only specify known properties, and 'dialedNumbr' does not exist in type /)
  })

  it('a CommonJS TypeScript project gets the matcher types too', () => {
    expect(tsc('cjs/tsconfig.json')).toEqual({ status: 0, out: expect.stringMatching(/^\s*$/) })
  })
})

describe('running the docs', { timeout: 300_000 }, () => {
  it('vitest with the README setup runs the quick start, every recipe and the platform pages\' first tests, all passing', () => {
    const result = vitest('--reporter=json', '--outputFile=results.json')
    const report = JSON.parse(readFileSync(join(project, 'results.json'), 'utf8')) as {
      numFailedTests: number
      testResults: { name: string; assertionResults: { status: string; title: string }[] }[]
    }
    const files = report.testResults.map((r) => r.name.slice(project.length + 1)).sort()
    expect({ status: result.status, failed: report.numFailedTests }, result.out).toEqual({ status: 0, failed: 0 })
    expect(files).toEqual(['8x8-outbound.test.ts', '8x8.test.ts', 'by-url.test.ts', 'enablex-no-answer.test.ts', 'enablex-outbound.test.ts', 'enablex-voicemail.test.ts', 'enablex.test.ts', 'fastify.test.ts', 'hono.test.ts', 'ivr.test.ts', 'koa.test.ts', 'nest.test.ts', 'one-call.test.ts', 'otp.test.ts', 'startup-token.test.ts', 'voxology-outbound.test.ts', 'voxology.test.ts'])
  })

  it('CommonJS with require runs under node:test', () => {
    const result = run(process.execPath, ['--test', 'ivr.node-test.cjs'])
    // TAP on Node 20 and 22 (`# pass 1`), the spec reporter on 24 (`ℹ pass 1`).
    expect(result.out).toMatch(/^(?:# |ℹ )pass [1-9]/m)
    expect(result.status, result.out).toBe(0)
  })
})

describe('failing on purpose', { timeout: 300_000 }, () => {
  let junit = ''
  let output = ''
  beforeAll(() => {
    output = vitest('--config', 'vitest.failing.config.ts', '--reporter=default', '--reporter=junit', '--outputFile.junit=junit.xml').out
    junit = readFileSync(join(project, 'junit.xml'), 'utf8')
  }, 180_000)

  it('the JUnit report carries the failing turn and the whole transcript in <failure>', () => {
    const failure = /<testcase [^>]*name="expects a transfer the app never makes"[^>]*>\s*<failure message="([^"]*)"[^>]*>([\s\S]*?)<\/failure>/.exec(junit)
    expect(failure?.[1]).toMatch(/^\[callspec\] turn 3, expectAction\(&apos;PATCH&apos;\): expected action PATCH, got HANGUP\n\nCall \(webex-connect, inbound \+14155550100 → \+14155550199, seed 5,/)
    expect(failure?.[1]).toContain('3 ← HANGUP                ✖ expected PATCH')
    expect(failure?.[2]).toContain('Replay this exact call with { seed: 5 }.')
  })

  it("points at the failing step's line in the user's file, from the installed package", () => {
    const lines = readFileSync(join(project, 'failing/wrong-action.check.ts'), 'utf8').split('\n')
    const line = lines.findIndex((l) => l.includes('// ← fails here'))
    expect(output).toContain(`❯ failing/wrong-action.check.ts:${line + 1}:${lines[line]!.indexOf('expectAction') + 1}`)
  })

  it("a matcher's usage error points at the test's expect(), not at the package's matcher files (audit-111 8)", () => {
    const lines = readFileSync(join(project, 'failing/matcher-misuse.check.ts'), 'utf8').split('\n')
    const line = lines.findIndex((l) => l.includes('// ← the usage error points here'))
    expect(output).toContain('[callspec] toHaveAction: the received value must be a CallResult (the awaited call), got an array of action records (call.actions).')
    expect(output).toContain(`❯ failing/matcher-misuse.check.ts:${line + 1}:`)
    // Before, the runner pointed at `node_modules/callspec/matchers/format.ts`, a file the package does not ship.
    expect(output).not.toMatch(/node_modules\/callspec\/matchers\//)
  })

  it("a negated match's misspelt key is refused by the platform's schema from the installed package, where no such action was sent", () => {
    // Before, it passed (newcomer audit-155 N2's remainder): the schemas load with the driver's runtime entry.
    expect(output).toContain(`[callspec] .not.toHaveAction('PATCH', { dialedNumbr: "+14155550142" }): PATCH has no field "dialedNumbr" (did you mean "dialedNumber"?);`)
  })

  it('a CommonJS require beside the import (two copies): overlapping calls take turns, timers stay real, seeds follow the test', () => {
    const cases = junit.split('<testcase ').filter((c) => c.includes('classname="failing/two-copies.check.ts"'))
    // Both pass: before, the two copies' calls overlapped and left setTimeout faked, and the required copy's seed followed the line (audit-111).
    expect(cases.map((c) => / name="([^"]*)"/.exec(c)?.[1])).toEqual([
      'two copies: overlapping calls take turns on the one clock, and leave the timers real',
      'two copies: the required copy&apos;s default seed follows the test, as the imported one&apos;s does',
    ])
    for (const c of cases) expect(c.split('</testcase>')[0]).not.toContain('<failure')
  })

  it('chaining on an async helper says what happened', () => {
    expect(output).toContain("[callspec] .pressDigits() was called on a Promise or a call's result, not on a flow.")
    // Only in a test that made a call (audit-111: any test's `x.say is not a function` had it).
    expect(output).toContain('TypeError: speaker.say is not a function')
    expect(output).not.toContain('[callspec] .say() was called')
  })

  it('without the setup file, a matcher is vitest\'s "Invalid Chai property", as the README explains', () => {
    expect(output).toContain('Invalid Chai property: toHavePlayed')
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('Invalid Chai property: toHavePlayed')
  })
})
