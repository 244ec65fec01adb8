/**
 * A terminal of size 0x0 (CI's pty, `script`, a container's console: `columns` 0) or one that says
 * no size (QA-163 Q10): the progress line is fitted to 80 columns. Before, 0 cut every progress
 * line by its last character ("[0/1] ✔ 0 ✖ 0  shard file " for "… shard file a") and fitted a
 * long scenario name to nothing, so it wrapped and each redraw left a line behind.
 */
import { writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, FIXTURES, startPinIvr } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

let url: string
let server: Server
beforeAll(async () => ({ url, server } = await startPinIvr()))
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** The progress lines drawn on stderr, each as the terminal shows it after `\r\x1b[K`. */
const drawn = (err: string) => err.split('\r\x1b[K').slice(1)

describe('callspec run on a terminal of no width', () => {
  for (const columns of [0, undefined]) {
    it(`columns ${columns}: the progress line whole, within 80 columns, then cleared`, async () => {
      const { code, err } = await cli(['run', `${FIXTURES}/shard/a.yaml`, '--target', url], { tty: true, columns })
      expect(code).toBe(0)
      expect(drawn(err)).toEqual(['[0/1] ✔ 0 ✖ 0  shard file a', '[1/1] ✔ 1 ✖ 0  shard file a', ''])
    })
  }

  it('columns 0: a long scenario name is cut to 79 characters, not wrapped', async () => {
    const dir = tempDir('zero-width')
    const name = `a scenario whose name is long ${'x'.repeat(100)}`
    const file = join(dir, 'long.yaml')
    writeFileSync(file, `platform: webex-connect\nwebhookPath: /webex/events\nfrom: "+14155550100"\nname: ${name}\nsteps:\n  - expect: ANSWER\n  - expect: PLAY\n  - hangup\n`)
    const { code, err } = await cli(['run', file, '--target', url], { tty: true, columns: 0 })
    expect(code).toBe(0)
    expect(drawn(err)).toEqual([`[0/1] ✔ 0 ✖ 0  ${name}`.slice(0, 79), `[1/1] ✔ 1 ✖ 0  ${name}`.slice(0, 79), ''])
  })
})
