import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callTo, startPlatform, type PlatformServer } from '../../../src/index.js'
import { cli } from '../../cli/run-cli.js'
import { failureOf } from '../../helpers/failure-of.js'
import { tempDir } from '../../helpers/temp-dir.js'
import { accepting } from './apps.js'

/** `callspec validate enablex …` on what EnableX itself sends and answers (audit-76 V4, M1). */
const dir = tempDir('enablex-validate')
const write = (name: string, payload: unknown) => {
  const file = join(dir, name)
  writeFileSync(file, JSON.stringify(payload))
  return file
}

describe('callspec validate enablex event', () => {
  it("takes the hangup sample's timeStamp spelling, a variant of timestamp", async () => {
    const file = write('hangup.json', { voice_id: 'f1aa71c0', state: 'disconnected', from: '1', to: '2', disconnect_reason: 'Normal Clearing', timeStamp: '2020-02-16T10:52:00Z' })
    const { code, out } = await cli(['validate', 'enablex', 'event', file])
    expect(out).toBe('✔ valid enablex event\n')
    expect(code).toBe(0)
  })

  it('still wants one of them, naming both', async () => {
    const file = write('no-time.json', { voice_id: 'f1aa71c0', state: 'disconnected', from: '1', to: '2' })
    const { code, out } = await cli(['validate', 'enablex', 'event', file])
    expect(out).toContain('✖ expected an ISO 8601 time in timestamp (or timeStamp, the spelling of EnableX\'s hangup sample) → at timestamp')
    expect(code).toBe(1)
  })
})

describe("callspec validate enablex play: the vendor answer is the fake API's, body and all", () => {
  let platform: PlatformServer
  beforeAll(async () => {
    platform = await startPlatform('enablex')
  })
  afterAll(() => platform.close())

  it('prints HTTP 400 {playstate, result, msg}, as the fake API answers the same request over HTTP', async () => {
    const { code, out } = await cli(['validate', 'enablex', 'play', write('play.json', { text: 'hi' })])
    // The play route's error envelope (audit-94 F6); a call adds voice_id, from, to and timestamp.
    expect(out).toContain('  vendor answer: HTTP 400 {"playstate":"failed","result":400,"msg":"Mandatory parameter missing: voice"}\n')
    expect(code).toBe(1)
    // The fake API over loopback HTTP, to the same body: the same fields.
    const app = accepting({ text: 'hi' }, () => {}, { base: () => platform.url })
    const error = await failureOf(callTo(app, { platform: 'enablex', api: platform }).expectAction('accept').expectAction('play'))
    expect(error.message).toMatch(/Answer: HTTP 400 \{"voice_id":"[^"]+","from":"[^"]+","to":"[^"]+","playstate":"failed","result":400,"msg":"Mandatory parameter missing: voice","timestamp":"[^"]+"\}/)
  })
})
