/**
 * A vendor option whose value has not its shape: names and enumerated values were refused at
 * callTo(), the rest taken as given. Measured: `audioDurationsMs: 3000` (a scenario file's, or a
 * JavaScript caller's) played every file for the default 3 s and the call passed; 8x8's
 * `voiceProfiles: 'en-US'` was read as a list of letters. Now a call refuses it as it starts (the
 * driver's zod shapes load with its simulation), naming the option, what it is and what to give.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { answering, webexApp } from '../helpers/webex-apps.js'
import { failureOf } from '../helpers/failure-of.js'

const app = answering({ action: 'HANGUP' })
/** callTo() as a JavaScript caller writes it: no type to catch the value. */
const untyped = callTo as unknown as (target: unknown, options: Record<string, unknown>) => ReturnType<typeof callTo>
const refusal = async (platform: string, vendor: object) => (await failureOf(untyped(app, { platform, vendor, warnings: 'silent' }).expectHangup())).message
const TAIL = "out for callspec's default (its behaviour notes say what each does)."

describe("a vendor option's value of the wrong shape is refused as the call starts, before any webhook", () => {
  it('Webex Connect: audioDurationsMs given a number, a file given text, serviceKey given a number', async () => {
    expect(await refusal('webex-connect', { audioDurationsMs: 3000 })).toBe(
      `[callspec] webex-connect's vendor option audioDurationsMs is 3000: give an object of audio URLs (or mediaIds) to milliseconds, such as { "https://example.com/hold.wav": 4000 }, or leave it ${TAIL}`,
    )
    expect(await refusal('webex-connect', { audioDurationsMs: { 'https://example.com/hold.wav': '4s' } })).toBe(
      `[callspec] webex-connect's vendor option audioDurationsMs["https://example.com/hold.wav"] is "4s": give a number of milliseconds, or leave audioDurationsMs ${TAIL}`,
    )
    expect(await refusal('webex-connect', { audioDurationsMs: { hold: -1 } })).toBe(
      `[callspec] webex-connect's vendor option audioDurationsMs.hold is -1: give a number of milliseconds, 0 or more, or leave audioDurationsMs ${TAIL}`,
    )
    expect(await refusal('webex-connect', { serviceKey: 12345 })).toBe(`[callspec] webex-connect's vendor option serviceKey is 12345: give the service key the fake REST API accepts, as text, or leave it ${TAIL}`)
  })

  it('8x8: lists given text, a path given false', async () => {
    expect(await refusal('8x8', { voiceProfiles: 'en-US' })).toBe(`[callspec] 8x8's vendor option voiceProfiles is "en-US": give a list of speech profile names, such as ["en-US-Standard-C"], or leave it ${TAIL}`)
    expect(await refusal('8x8', { allowedSources: ['+6568332048', 6568332049] })).toBe(`[callspec] 8x8's vendor option allowedSources[1] is 6568332049: give text, or leave allowedSources ${TAIL}`)
    expect(await refusal('8x8', { vcsPath: false })).toBe(
      `[callspec] 8x8's vendor option vcsPath is false: give the call status path on the app, such as "/8x8/vcs", true for "/8x8/vcs", or null for none, or leave it ${TAIL}`,
    )
  })

  it("EnableX: the inbound greeting is checked as the play command's body", async () => {
    expect(await refusal('enablex', { numbers: '+14155550100' })).toBe(
      `[callspec] enablex's vendor option numbers is "+14155550100": give a list of the numbers provisioned to the project, such as ["+14155550100"], or leave it ${TAIL}`,
    )
    expect(await refusal('enablex', { inboundGreeting: 'Welcome' })).toMatch(/^\[callspec\] enablex's vendor option inboundGreeting is "Welcome": give .+, or leave it out for callspec's default/)
    expect(await refusal('enablex', { promptDurationsMs: [4000] })).toBe(`[callspec] enablex's vendor option promptDurationsMs is an array: give an object of prompt names to milliseconds, such as { "welcome": 4000 }, or leave it ${TAIL}`)
  })

  it('Voxology: numberInfo within, resolveUrl, conferenceMs', async () => {
    expect(await refusal('voxology', { numberInfo: { '+14155550100': { city: 94103 } } })).toBe(
      `[callspec] voxology's vendor option numberInfo["+14155550100"].city is 94103: give text, or leave numberInfo ${TAIL}`,
    )
    expect(await refusal('voxology', { resolveUrl: 'path' })).toBe(`[callspec] voxology's vendor option resolveUrl is "path": give true, or a function that takes a URL and returns the URL to fetch, or leave it ${TAIL}`)
    expect(await refusal('voxology', { conferenceMs: 60000 })).toBe(
      `[callspec] voxology's vendor option conferenceMs is 60000: give an object of conference names to milliseconds, such as { "sales": 60000 }, or leave it ${TAIL}`,
    )
  })

  it('values of the right shape are taken, and act: a file plays for the length given', async () => {
    const url = 'https://example.com/hold.wav'
    const player = webexApp(({ event }) => (event === 'ACCEPTED' ? { action: 'ANSWER' } : event === 'ANSWERED' ? { action: 'PLAY', audio: [{ type: 'URL', location: url }] } : { action: 'HANGUP' }))
    const call = await callTo(player, { platform: 'webex-connect', vendor: { audioDurationsMs: { [url]: 4000 }, serviceKey: 'key', legacyPlayInput: false }, warnings: 'silent' })
      .expectAction('ANSWER')
      .expectAction('PLAY')
      .expectAction('HANGUP')
    const played = call.transcript.entries.find((e) => e.kind === 'event' && e.name === 'PLAYED')
    expect(played!.at - call.actions[1]!.at).toBe(4000)
  })
})
