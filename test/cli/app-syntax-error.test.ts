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
    const dir = tempDir('app-syntax-error')
    const file = join(dir, 'app.mjs')
    writeFileSync(file, "import http from 'node:http'\n\nconst say = (text: string) => ({ text })\nexport default http.createServer()\n")
    const module = relative(process.cwd(), file)
    const { code, err } = await cliProcess(['run', `${FIXTURES}/pass.yaml`, '--app', module])
    expect(code).toBe(2)
    expect(err).toContain(`cannot load --app ${module}: Unexpected token ':' at ${module}:3: const say = (text: string) => ({ text })`)
  })

  it('an error that is no syntax error is said as Node says it', async () => {
    const dir = tempDir('app-throws')
    const file = join(dir, 'app.mjs')
    writeFileSync(file, "throw new Error('no database')\n")
    const module = relative(process.cwd(), file)
    const { code, err } = await cliProcess(['run', `${FIXTURES}/pass.yaml`, '--app', module])
    expect(code).toBe(2)
    expect(err).toContain(`cannot load --app ${module}: no database\n`)
  })
})
