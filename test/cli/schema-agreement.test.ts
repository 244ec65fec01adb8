import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { cli } from './run-cli.js'
import { tempDir } from '../helpers/temp-dir.js'

const dir = tempDir('agree')
const HEAD = 'platform: webex-connect\nwebhookPath: /webex/events\n'

/** What `callspec run` makes of the file: accepted (its call runs, here against no app: exit 2 saying no call reached it, or 1) or refused (exit 2 before any call). */
async function runtimeAccepts(name: string, text: string): Promise<boolean> {
  const file = join(dir, `${name.replace(/\W+/g, '-')}.yaml`)
  writeFileSync(file, text)
  const { code, err } = await cli(['run', file, '--target', 'http://127.0.0.1:9'])
  expect([1, 2], err).toContain(code)
  // A file read as valid: its calls ran and failed (exit 1), or could not start (exit 2: nothing
  // listened, or a startedBy() call's fake API is not served, with no --api).
  return code === 1 || err.includes('callspec run: no call reached the app: nothing listened at 127.0.0.1:9 ') || err.includes('callspec run: no call could start: every call needs')
}

/** What an editor makes of it, with the schema `callspec schema` prints. */
async function schemaAccepts(text: string): Promise<boolean> {
  const { out } = await cli(['schema', (parse(text) as { platform: string }).platform])
  const validate = new Ajv2020({ allErrors: true, strict: false, validateFormats: false }).compile(JSON.parse(out) as object)
  return validate(parse(text))
}

/** A platform's file with a right `vendor:` and wrong ones, as rows of the table below. */
function vendorCases(platform: string, webhookPath: string, values: { right: string; wrong: string[] }): [string, string, boolean][] {
  const file = (vendor: string) => `platform: ${platform}\nwebhookPath: ${webhookPath}\nvendor: ${vendor}\nsteps: [hangup]\n`
  return [[`${platform} vendor: ${values.right}`, file(values.right), true], ...values.wrong.map((wrong): [string, string, boolean] => [`${platform} vendor: ${wrong}`, file(wrong), false])]
}

describe('callspec run and callspec schema agree on what a file may say', () => {
  it.each([
    ['press: 0123 unquoted (the number 123)', `${HEAD}steps:\n  - press: 0123\n`, false],
    ['press: 5 unquoted', `${HEAD}steps:\n  - press: 5\n`, false],
    ['press: "0123"', `${HEAD}steps:\n  - press: "0123"\n`, true],
    ['from: +14155550100 unquoted', `${HEAD}from: +14155550100\nsteps: [hangup]\n`, false],
    ['to: 14155550199 unquoted', `${HEAD}to: 14155550199\nsteps: [hangup]\n`, false],
    ['from: "+14155550100"', `${HEAD}from: "+14155550100"\nsteps: [hangup]\n`, true],
    ['a header that is a number', `${HEAD}headers: { X-Tenant: 42 }\nsteps: [hangup]\n`, false],
    ['a header that is a string', `${HEAD}headers: { X-Tenant: "42" }\nsteps: [hangup]\n`, true],
    ['expectHangup: true', `${HEAD}steps:\n  - expectHangup: true\n`, false],
    ['expectHangup', `${HEAD}steps:\n  - expectHangup\n`, true],
    ['expectHangup: (nothing)', `${HEAD}steps:\n  - expectHangup:\n`, true],
    ['hangup: true', `${HEAD}steps:\n  - hangup: true\n`, false],
    ['hangup: network', `${HEAD}steps:\n  - hangup: network\n`, true],
    ['silent: true', `${HEAD}steps:\n  - silent: true\n`, false],
    ['silent: 2S (a unit in capitals)', `${HEAD}steps:\n  - silent: 2S\n`, false],
    ['silent: 1.5 s', `${HEAD}steps:\n  - silent: 1.5 s\n`, true],
    ['silent: timeout', `${HEAD}steps:\n  - silent: timeout\n`, true],
    ['startedBy.method: post', `${HEAD}startedBy: { method: post, path: /remind }\nsteps: [hangup]\n`, false],
    ['startedBy.method: POST', `${HEAD}startedBy: { method: POST, path: /remind }\nsteps: [hangup]\n`, true],
    ['an empty name', `${HEAD}name: ""\nsteps: [hangup]\n`, false],
    ['steps and scenarios both', `${HEAD}steps: [hangup]\nscenarios:\n  - { name: a, steps: [hangup] }\n`, false],
    ['neither steps nor scenarios', HEAD, false],
    // Brief h209: the runtime refused it as an unknown limit; the schema did too (additionalProperties: false).
    ['limits.quietGraceMs: 2s', `${HEAD}limits: { quietGraceMs: 2s }\nsteps: [hangup]\n`, true],
    ['limits.quietGraceMs: soon', `${HEAD}limits: { quietGraceMs: soon }\nsteps: [hangup]\n`, false],
    // Brief h212: the run refuses a limit of 0 ("must be above 0"); the schema took it.
    ['limits.quietGraceMs: 0', `${HEAD}limits: { quietGraceMs: 0 }\nsteps: [hangup]\n`, false],
    ['limits.appTimeoutMs: 0s', `${HEAD}limits: { appTimeoutMs: 0s }\nsteps: [hangup]\n`, false],
    ['limits.responseTimeoutMs: 0.0 ms', `${HEAD}limits: { responseTimeoutMs: 0.0 ms }\nsteps: [hangup]\n`, false],
    ['limits.appTimeoutMs: 0.5s', `${HEAD}limits: { appTimeoutMs: 0.5s }\nsteps: [hangup]\n`, true],
    ['limits.maxVirtualMs: 10s', `${HEAD}limits: { maxVirtualMs: 10s }\nsteps: [hangup]\n`, true],
    ['a pattern with the flag g', `${HEAD}steps:\n  - expect: PLAY\n    match: { audio: [{ type: "/TTS/g" }] }\n`, true],
    // Brief h218: the run refuses a vendor option's wrong name or value as the file loads (check-options.ts); the schema took any mapping.
    ...vendorCases('webex-connect', '/webex/events', { right: '{ failureEvent: FAILURE, audioDurationsMs: { "https://example.com/a.wav": 4000 } }', wrong: ['{ failureEvnt: FAILURE }', '{ audioDurationsMs: 3000 }', '{ patchedEvents: connect }'] }),
    ...vendorCases('8x8', '/8x8/vca', { right: '{ ranOut: end, voiceProfiles: [en-US-Standard-C], vcsPath: true }', wrong: ['{ ranOut: stop }', '{ voiceProfiles: en-US }', '{ vcsPath: false }'] }),
    ...vendorCases('enablex', '/', { right: '{ menuTerminator: "*", numbers: ["+14155550100"] }', wrong: ['{ menuTerminator: "1" }', '{ numbers: "+14155550100" }', '{ autoAccept: yes }'] }),
    ...vendorCases('voxology', '/', { right: '{ resolveUrl: true, numberInfo: { "+14155550100": { city: Paris } } }', wrong: ['{ resolveUrl: false }', '{ numberInfo: { "+14155550100": { town: Paris } } }', '{ conferenceMs: 60000 }'] }),
  ])('%s', async (name, text, accepted) => {
    expect({ runtime: await runtimeAccepts(name, text), schema: await schemaAccepts(text) }).toEqual({ runtime: accepted, schema: accepted })
  })
})
