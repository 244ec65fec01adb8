import { describe, expect, it } from 'vitest'
import { explore, toVitestSuite } from '../../src/index.js'
import { EXAMPLES, edgesAt, explored, loadConfig } from './helpers.js'

// Each exploration places tens of calls: seconds of real time on a loaded machine.
describe('the explorer on each example app', { timeout: 120_000 }, () => {
  it.each(EXAMPLES)('%s: explores the whole tree within its bounds', async (name) => {
    const { stats } = await explored(name)
    expect(stats.stoppedBy).toBeUndefined()
    expect(stats.unexpanded).toBe(0)
  })

  it('Webex Connect PIN IVR: the PIN from a hint opens the menu; each key, "agent", the retries and their limit', async () => {
    const result = await explored('webex-pin-ivr')
    expect(edgesAt(result, /^Welcome to Acme Bank/)).toEqual([
      '1234# → Thank you. Press 1 for your balance, 2 to speak to an agent…',
      'invalid → That PIN is not right. Please enter your PIN, followed by t…',
      'timeout → I did not get your PIN. Please enter your PIN, followed by …',
      'hangup → caller hung up',
    ])
    const menu = edgesAt(result, /^Thank you\. Press 1/)
    expect(menu).toEqual(
      expect.arrayContaining([
        '1 → "Your balance is # Goodbye.", then ended by app: HANGUP (flow complete)',
        '2 → PATCH → +14155550142',
        '3 → Please leave your message after the tone.',
        '"agent" → PATCH → +14155550142',
        'invalid → Sorry, that is not an option. Press 1 for your balance, 2 t…',
      ]),
    )
    // The third wrong PIN ends the call: found by running the retry loop to its end.
    expect(edgesAt(result, /^That PIN is not right/)).toContainEqual(
      expect.stringMatching(/^invalid → "Too many attempts\. Please try again later\. Goodby…", then ended by app: HANGUP \(flow complete\)$/),
    )
    expect(result.findings.filter((f) => f.kind === 'transfer').map((f) => f.message)).toEqual(['The call is transferred: PATCH → +14155550142.'])
  })

  it('EnableX IVR: billing, the agent bridge and the menu timeout', async () => {
    const result = await explored('enablex-ivr')
    const menu = edgesAt(result, /^Welcome to Acme Support/)
    expect(menu).toEqual(expect.arrayContaining([expect.stringMatching(/^1 → "Your balance is # dollars/), expect.stringMatching(/^2 → connect → 14155550142$/)]))
  })

  it('Voxology survey: the rating keys split into sorry / glad, and the referral offer', async () => {
    const result = await explored('voxology-survey')
    const rating = edgesAt(result, /^Hi #name, thanks for visiting/)
    expect(rating.filter((e) => /^[1-5] →/.test(e))).toEqual([
      "1 → We're sorry to hear that. / Press 1 if you would like a man…",
      "2 → We're sorry to hear that. / Press 1 if you would like a man…",
      '3 → Glad to hear it! / Would you recommend us to a friend? Pres…',
      '4 → Glad to hear it! / Would you recommend us to a friend? Pres…',
      '5 → Glad to hear it! / Would you recommend us to a friend? Pres…',
    ])
    expect(edgesAt(result, /^Glad to hear it/)).toContainEqual(expect.stringMatching(/^1 → "Thank you! We will text you a referral code/))
  })

  it('Voxology guessing game: the hinted guesses reach lower, higher and the win', async () => {
    const result = await explored('voxology-guessing-game')
    const first = edgesAt(result, /^Round # I'm thinking/)
    expect(first).toEqual(
      expect.arrayContaining([expect.stringMatching(/^50# → Lower than #/), expect.stringMatching(/^25# → Higher than #/), expect.stringMatching(/^42# → /)]),
    )
  })

  it('8x8 appointment reminder: confirm, reschedule to a hinted day, and the unanswered capture', async () => {
    const result = await explored('8x8-appointment-reminder')
    const menu = edgesAt(result, /chime\.wav \/ Hello #name/)
    expect(menu).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^1 → "Thank you, your appointment is confirmed/),
        expect.stringMatching(/^2 → Please enter the day of the month/),
        expect.stringMatching(/^invalid → "We will call you again later/),
      ]),
    )
    expect(edgesAt(result, /day of the month/)).toContainEqual(expect.stringMatching(/^14# → "Thank you\. We will move your appointment to day #/))
  })

  it('8x8 number masking: no menu, one path, the bridge to the driver', async () => {
    const result = await explored('8x8-number-masking')
    expect(result.stats).toMatchObject({ calls: 1, menus: 0 })
    expect(result.findings.map((f) => f.message)).toEqual(['The call is transferred: makeCall → +6531589338.'])
  })

  it.each([...EXAMPLES, 'planted'])('%s: the emitted suite is the committed one (which the examples project runs)', async (name) => {
    const result = await explored(name)
    const suite = toVitestSuite(result, { configImport: `../${name}.explore.js`, callspecImport: '../../../src/index.js', title: `${name} (explored)` })
    await expect(suite).toMatchFileSnapshot(`../../examples/explorer/emitted/${name}.test.ts`)
  })

  it('stops at maxCalls and maxDepth and says so', async () => {
    const config = await loadConfig('webex-pin-ivr')
    const few = await explore(config.target, { ...config.options, maxCalls: 5 })
    expect(few.stats).toMatchObject({ calls: 5, stoppedBy: 'maxCalls' })
    const shallow = await explore(config.target, { ...config.options, maxDepth: 1 })
    expect(shallow.stats.stoppedBy).toBeUndefined()
    expect(shallow.stats.unexpanded).toBeGreaterThan(0)
    expect(shallow.stats.menus).toBeLessThan((await explored('webex-pin-ivr')).stats.menus)
  })
})
