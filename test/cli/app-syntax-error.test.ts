/**
 * `callspec run --app app.mjs` where the module does not parse: Node's SyntaxError from import()
 * of an ES module names no file and no line, so the run said only `cannot load --app
 * src/app.mjs: Unexpected token ':'` (newcomer audit h183: a TypeScript annotation left in a .mjs
 * copy of the app). It now says where, with the line. Run in a process of its own: inside vitest
 * the import goes through Vite's transform, whose error is its own.
 */
import { writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cliProcess, FIXTURES } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

describe('callspec run --app <a module with a syntax error>', { timeout: 30_000 }, () => {
  it('names the file and line, with the code there', async () => {
    const { module, code, err } = await runWithApp('app-syntax-error', "import http from 'node:http'\n\nconst say = (text: string) => ({ text })\nexport default http.createServer()\n")
    expect(code).toBe(2)
    expect(err).toContain(`cannot load --app ${module}: Unexpected token ':' at ${module}:3: const say = (text: string) => ({ text })`)
  })

  it('an error that is no syntax error is said as Node says it', async () => {
    const { module, code, err } = await runWithApp('app-throws', "throw new Error('no database')\n")
    expect(code).toBe(2)
    expect(err).toContain(`cannot load --app ${module}: no database\n`)
  })
})

/** `callspec run` of a passing scenario with `--app` a module of `source` (an app.mjs in a folder of its own), by its path from here. */
async function runWithApp(folder: string, source: string) {
  const file = join(tempDir(folder), 'app.mjs')
  writeFileSync(file, source)
  const module = relative(process.cwd(), file)
  return { module, ...(await cliProcess(['run', `${FIXTURES}/pass.yaml`, '--app', module])) }
}
