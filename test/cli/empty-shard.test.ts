/**
 * `--shard i/n` with fewer scenario files than shards (QA-163 Q11): a CI matrix with more shards
 * than files is legitimate. Before, the shard left with no file printed `all passed, 0 passed,
 * 0 call(s) in 0.0 s` and exited 0, as if it had run something.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, FIXTURES } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

const two = [`${FIXTURES}/pass.yaml`, `${FIXTURES}/fail.yaml`]

describe('callspec run --shard with fewer files than shards', () => {
  it('says the shard got no files, how many there are and how they are dealt, and exits 0', async () => {
    const { code, out, err } = await cli(['run', ...two, '--target', 'http://127.0.0.1:9', '--shard', '3/3'])
    expect(out).toBe('callspec run: shard 3/3 got no scenario files: 2 files matched, dealt one to each shard in turn by path, so shards 1–2 have them. Nothing to run here (exit 0).\n')
    expect(err).toBe('')
    expect(code).toBe(0)
  })

  it('still writes the JUnit report CI reads, with no test in it', async () => {
    const dir = tempDir('empty-shard')
    const { code, out, err } = await cli(['run', `${FIXTURES}/pass.yaml`, '--target', 'http://127.0.0.1:9', '--shard', '2/2', '--reporter', 'pretty', '--reporter', `junit:${join(dir, 'junit.xml')}`])
    expect(code).toBe(0)
    expect(out).toBe('callspec run: shard 2/2 got no scenario files: 1 file matched, dealt one to each shard in turn by path, so shard 1 has it. Nothing to run here (exit 0).\n')
    expect(err).toBe(`callspec: junit report written to ${join(dir, 'junit.xml')}\n`)
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<testsuites name="callspec" tests="0" failures="0" errors="0" time="0.000">')
  })
})
