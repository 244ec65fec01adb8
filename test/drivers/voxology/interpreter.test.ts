import { failureOf } from '../../helpers/failure-of.js'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { scriptApp, serve } from './helpers.js'

const say = (text: string, loop?: number) => ({ type: 'SAY', params: { text, ...(loop ? { loop } : {}) } })
const collect = (name: string, prompt: string, params: object = { num_digits: 1, timeout: 5000 }) => ({ type: 'COLLECT', name, actions: [say(prompt)], params })
const label = (name: string) => ({ type: 'LABEL', name })
const goto = (name: string) => ({ type: 'GOTO', params: { label: name } })
const hangup = { type: 'HANGUP' }

/**
 * An inbound call whose first callback answers `actions`; callbacks are kept in `received`.
 * `warnings: 'silent'` for a test that is not about its warnings: a REDIRECT to a path the
 * script app does not serve gets a 404 on the final callback (voxology/final-callback-answered).
 */
const run = (actions: unknown[], vendor: object = {}, options: { warnings?: 'silent' } = {}) => {
  const { app, received } = scriptApp({ '/': serve(actions) })
  return { flow: callTo(app, { platform: 'voxology', vendor, ...options }), received }
}
const QUIET = { warnings: 'silent' } as const
const bodies = (received: Array<{ body: Record<string, any> }>) => received.map((r) => r.body)

describe('SAY and PLAY take virtual time', () => {
  it('SAY loops its text, 400 ms a word', async () => {
    const { flow } = run([say('one two three four five', 2), hangup])
    const call = await flow.expectAction('SAY', { params: { loop: 2 } }).expectHangup()
    expect(call.prompts).toEqual(['one two three four five', 'one two three four five'])
    expect(call.duration).toBe(4_000)
  })

  it('PLAY lasts as long as vendor.audioDurationsMs says (3 s by default)', async () => {
    const url = 'https://cdn.example.com/hold.mp3'
    const { flow } = run([{ type: 'PLAY', params: { url } }, { type: 'PLAY', params: { url: 'https://cdn.example.com/x.mp3' } }, hangup], { audioDurationsMs: { [url]: 10_000 } })
    const call = await flow.expectAction('PLAY', { params: { url } }).expectAction('PLAY').expectHangup()
    expect(call.prompts).toEqual([url, 'https://cdn.example.com/x.mp3'])
    expect(call.duration).toBe(13_000)
  })

  it('the caller hanging up cuts the prompt and abandons the rest of the script', async () => {
    const { flow, received } = run([say('a b c d e f g h i j'), say('never heard'), hangup])
    const call = await flow.expectAction('SAY').staySilent(1_000).hangUp()
    expect(call.transcript.entries.find((e) => e.kind === 'heard')).toMatchObject({ cutAtMs: 1_000 })
    expect(call).not.toHavePlayed('never heard')
    expect(call.end).toMatchObject({ by: 'caller', at: 1_000 })
    expect(bodies(received).map((b) => b.type)).toEqual(['init_call', 'call_end'])
  })
})

describe('COLLECT', () => {
  it('ends at num_digits; $keyPresses and ${keyPresses} read the digits', async () => {
    const { flow } = run([collect('pin', 'Enter your PIN', { num_digits: 4 }), say('You entered ${keyPresses}.'), hangup])
    const call = await flow.expectAction('COLLECT', { name: 'pin' }).pressDigits('1234').expectAction('SAY').expectHangup()
    expect(call).toHavePlayed('You entered 1234.')
  })

  it.each([['pound'], ['#']])('ends on finish_on_key %j, which is not part of the digits', async (key) => {
    const { flow } = run([collect('acct', 'Account number', { finish_on_key: key, num_digits: 10 }), say('Got ${keyPresses}'), hangup])
    const call = await flow.expectAction('COLLECT').pressDigits('42#').expectAction('SAY').expectHangup()
    expect(call).toHavePlayed('Got 42')
  })

  it('times out after params.timeout ms of silence, keeping partial digits', async () => {
    const { flow, received } = run([collect('code', 'Code please', { num_digits: 4, timeout: 3000 }), { type: 'REDIRECT', params: { url: 'https://app.example.com/next' } }], {}, QUIET)
    const call = await flow.expectAction('COLLECT').pressDigits('12').staySilent().expectAction('REDIRECT').hangUp()
    // prompt 0.8 s, keys at 1.1 and 1.4 s, then 3 s without a key
    expect(call.print()).toContain('· COLLECT "code" → $keyPresses = "12" (timeout)')
    expect(call.transcript.entries.find((e) => e.kind === 'action' && e.action.name === 'REDIRECT')).toMatchObject({ at: 4_400 })
    expect(received[1]).toMatchObject({ path: '/next', body: { type: 'redirect', key_presses: [{ name: 'code', digits: '12' }] } })
  })

  it('with no input, $keyPresses is empty and the callback still reports the COLLECT', async () => {
    const { flow, received } = run([collect('x', 'Press something', { timeout: 2000 }), { type: 'REDIRECT', params: { url: 'https://app.example.com/next' } }], {}, QUIET)
    await flow.expectAction('COLLECT').staySilent().expectAction('REDIRECT').hangUp()
    expect(received[1]!.body.key_presses).toEqual([{ name: 'x', digits: '' }])
  })

  it('takes keys during the prompt (barge-in), which cuts it', async () => {
    const { flow } = run([collect('menu', 'For sales press one, for support press two, for billing press three'), say('Choice ${keyPresses}'), hangup])
    const call = await flow.expectAction('COLLECT').pressDigits('2', { bargeIn: true }).expectAction('SAY').expectHangup()
    expect(call.transcript.entries.find((e) => e.kind === 'heard')).toMatchObject({ cutAtMs: 300 })
    expect(call).toHavePlayed('Choice 2')
  })

  it('plays every nested prompt, SAY and PLAY, in order', async () => {
    const { flow } = run([{ type: 'COLLECT', name: 'm', actions: [say('Welcome'), { type: 'PLAY', params: { url: 'https://cdn.example.com/chime.mp3' } }, say('Choose')], params: { num_digits: 1 } }, hangup])
    const call = await flow.expectAction('COLLECT').pressDigits('1').expectHangup()
    expect(call.prompts).toEqual(['Welcome', 'https://cdn.example.com/chime.mp3', 'Choose'])
  })

  it('ignores keys when nothing collects, and says so', async () => {
    const { flow } = run([say('Just listen to this long message please'), hangup])
    const call = await flow.expectAction('SAY').pressDigits('5', { bargeIn: true }).expectHangup()
    expect(call.print()).toContain('key 5 ignored: nothing is collecting digits')
  })
})

describe('IF, GOTO and LABEL: the platform branches', () => {
  it('runs then or orElse, then goes on after the IF', async () => {
    const script = [
      collect('q', 'Yes or no?'),
      { type: 'IF', condition: "$keyPresses == '1'", then: [say('Yes.')], orElse: [say('No.')] },
      say('After.'),
      hangup,
    ]
    const yes = await run(script).flow.expectAction('COLLECT').pressDigits('1').expectAction('SAY', { params: { text: 'Yes.' } }).expectAction('SAY', { params: { text: 'After.' } }).expectHangup()
    expect(yes.print()).toContain(`IF $keyPresses == '1' is true → then; saw $keyPresses = "1"`)
    const no = await run(script).flow.expectAction('COLLECT').pressDigits('2').expectAction('SAY', { params: { text: 'No.' } }).expectAction('SAY', { params: { text: 'After.' } }).expectHangup()
    expect(no.print()).toContain(`IF $keyPresses == '1' is false → orElse; saw $keyPresses = "2"`)
  })

  it('nests IFs inside branches', async () => {
    const { flow } = run([
      { type: 'SESSIONDATA', session_data: { tier: 'gold', age: 40 } },
      {
        type: 'IF',
        condition: "$sessionData.tier == 'gold'",
        then: [{ type: 'IF', condition: '$sessionData.age > 65', then: [say('Senior gold.')], orElse: [say('Gold.')] }, say('End of gold.')],
        orElse: [say('Standard.')],
      },
      hangup,
    ])
    const call = await flow.expectAction('SAY', { params: { text: 'Gold.' } }).expectAction('SAY', { params: { text: 'End of gold.' } }).expectHangup()
    expect(call.print()).toContain('IF $sessionData.age > 65 is false → orElse; saw $sessionData.age = 40')
  })

  it('GOTO jumps forward over actions', async () => {
    const { flow } = run([goto('END'), say('skipped'), label('END'), say('landed'), hangup])
    const call = await flow.expectAction('SAY', { params: { text: 'landed' } }).expectHangup()
    expect(call).not.toHavePlayed('skipped')
  })

  it('GOTO loops backward until the caller gets it right', async () => {
    const { flow } = run([
      label('ASK'),
      collect('pin', 'PIN?', { num_digits: 4 }),
      { type: 'IF', condition: "$keyPresses != '1234'", then: [say('Wrong.'), goto('ASK')] },
      say('Welcome.'),
      hangup,
    ])
    const call = await flow
      .expectAction('COLLECT')
      .pressDigits('1111')
      .expectAction('SAY', { params: { text: 'Wrong.' } })
      .expectAction('COLLECT')
      .pressDigits('1234')
      .expectAction('SAY', { params: { text: 'Welcome.' } })
      .expectHangup()
    expect(call.prompts).toEqual(['PIN?', 'Wrong.', 'PIN?', 'Welcome.'])
  })

  it('GOTO into a LABEL inside a branch runs the rest of that branch, then what follows its IF', async () => {
    const { flow } = run([
      goto('INSIDE'),
      { type: 'IF', condition: 'false', then: [say('not this'), label('INSIDE'), say('inside')] },
      say('after the IF'),
      hangup,
    ])
    const call = await flow.expectAction('SAY', { params: { text: 'inside' } }).expectAction('SAY', { params: { text: 'after the IF' } }).expectHangup()
    expect(call.prompts).toEqual(['inside', 'after the IF'])
  })

  it('stops an endless GOTO loop and names its labels as the app’s bug', async () => {
    const { flow } = run([label('A'), { type: 'SESSIONDATA', session_data: { n: 1 } }, goto('B'), label('B'), goto('A')])
    await expect(flow.expectAction('SAY')).rejects.toThrow(
      /the app's script never ends: it executed 1000 actions \(BEHAVIOUR.maxActionsPerScript\) without finishing, and it keeps jumping through LABEL B → A\. A GOTO loop needs a way out/,
    )
  })

  it('a hold loop (LABEL, PLAY, GOTO) plays for as long as the caller holds: the bound counts only actions run without time passing (audit h126 finding 2)', async () => {
    const url = 'https://cdn.example.com/hold.mp3'
    const { app } = scriptApp({ '/': serve([say('Please hold.'), label('HOLD'), { type: 'PLAY', params: { url } }, goto('HOLD')]) })
    const flow = callTo(app, { platform: 'voxology', vendor: { audioDurationsMs: { [url]: 1_000 } }, unconsumed: 'ignore', warnings: 'silent' })
    // 20 min of 1 s music: 3,600 actions in all, 3 between two waits.
    const call = await flow.staySilent(20 * 60_000).hangUp()
    expect(call.end).toMatchObject({ by: 'caller' })
    expect(call.prompts.length).toBeGreaterThan(1_000)
  })

  it('a menu that re-prompts on silence waits for the caller every time, past 1000 actions (audit h126 finding 2)', async () => {
    const menu = [label('MENU'), collect('menu', 'Press 1.', { num_digits: 1, timeout: 1_000 }), { type: 'IF', condition: "$keyPresses == '1'", then: [say('Thank you.'), hangup] }, goto('MENU')]
    const { app } = scriptApp({ '/': serve(menu) })
    // About 1.8 s a turn and 4 actions: 25 min is some 3,300 actions.
    const call = await callTo(app, { platform: 'voxology', unconsumed: 'ignore', warnings: 'silent' }).staySilent(25 * 60_000).pressDigits('1').staySilent(5_000)
    expect(call).toHavePlayed('Thank you.')
    expect(call.end).toMatchObject({ by: 'app' })
  })

  it('a loop whose prompt takes no time is still a zero-time loop, and fails as one', async () => {
    const { flow } = run([label('L'), say(' '), goto('L')], {}, QUIET)
    await expect(flow.expectAction('SAY')).rejects.toThrow(
      "the app's script never ends: it executed 1000 actions (BEHAVIOUR.maxActionsPerScript) without finishing, and it keeps jumping through LABEL L. A GOTO loop needs a way out: a COLLECT the caller answers, an IF that leaves it, a REDIRECT or a HANGUP.",
    )
  })

  it('queues control flow for expectAction with vendor.queueControlFlow', async () => {
    const { flow } = run(
      [{ type: 'SESSIONDATA', session_data: { vip: true } }, label('L'), { type: 'IF', condition: '$sessionData.vip', then: [say('VIP')] }, hangup],
      { queueControlFlow: true },
    )
    const call = await flow
      .expectAction('SESSIONDATA', { session_data: { vip: true } })
      .expectAction('LABEL', { name: 'L' })
      .expectAction('IF', { condition: '$sessionData.vip' })
      .expectAction('SAY')
      .expectHangup()
    expect(call.actions.find((a) => a.name === 'IF')!.summary).toBe('$sessionData.vip is true → then; saw $sessionData.vip = true')
  })

  it('an unexpected branch fails the step with what ran instead', async () => {
    const { flow } = run([collect('q', 'Pick'), { type: 'IF', condition: '$keyPresses > 5', then: [say('Big')], orElse: [say('Small')] }])
    await expect(flow.expectAction('COLLECT').pressDigits('3').expectAction('SAY', { params: { text: 'Big' } })).rejects.toThrow(
      /SAY did not match: params.text: expected "Big", got "Small"[\s\S]*IF \$keyPresses > 5 is false → orElse; saw \$keyPresses = "3"/,
    )
  })
})

describe('SESSIONDATA and variables', () => {
  it('merges shallowly, feeds templates and conditions, and is echoed in the next callback', async () => {
    const { flow, received } = run([
      { type: 'SESSIONDATA', session_data: { name: 'Bob', age: 34 } },
      { type: 'SESSIONDATA', session_data: { age: 35, plan: { id: 'p1' } } },
      say('Hello ${sessionData.name}, ${sessionData.age}, ${sessionData.plan.id}. ${sessionData.nickname}'),
      { type: 'REDIRECT', params: { url: 'https://app.example.com/next' } },
    ], {}, QUIET)
    const call = await flow.expectAction('SAY').expectAction('REDIRECT').hangUp()
    expect(call).toHavePlayed('Hello Bob, 35, p1. ')
    // What a missing value speaks is not documented: nothing, with a warning (rule voxology/templates, inferred).
    expect(call.warnings[0]).toContain('${sessionData.nickname} has no value, so it is spoken as nothing')
    expect(received[1]!.body.session_data).toEqual({ name: 'Bob', age: 35, plan: { id: 'p1' } })
  })

  it('$callTime is the elapsed call time in ms', async () => {
    const { flow } = run([say('one two three four five'), say('This call lasted ${callTime} milliseconds.'), { type: 'IF', condition: '$callTime >= 2000', then: [hangup] }])
    const call = await flow.expectAction('SAY').expectAction('SAY').expectHangup()
    expect(call).toHavePlayed('This call lasted 2000 milliseconds.')
  })
})

describe('CONFERENCE, DIAL, RECORD and the undocumented actions', () => {
  it('CONFERENCE holds the caller, then the script goes on', async () => {
    const { flow } = run([{ type: 'CONFERENCE', params: { name: 'myConference' } }, say('You have left the conference.'), hangup], { conferenceMs: { myConference: 90_000 } })
    const call = await flow.expectAction('CONFERENCE', { params: { name: 'myConference' } }).expectAction('SAY').expectHangup()
    expect(call.transcript.entries.find((e) => e.kind === 'action' && e.action.name === 'SAY')).toMatchObject({ at: 90_000 })
  })

  it('DIAL bridges to the party until it hangs up, and merges its session_data', async () => {
    const agent = '+14155550142'
    const { flow, received } = run([
      { type: 'DIAL', params: { no: agent }, session_data: { transferred: true } },
      say('The agent has left.'),
      { type: 'REDIRECT', params: { url: 'https://app.example.com/after' } },
    ], {}, QUIET)
    const call = await flow.withParty(agent, { answers: true, hangsUpAfterMs: 20_000 }).expectAction('DIAL', { params: { no: agent } }).expectAction('SAY').expectAction('REDIRECT').hangUp()
    expect(call.print()).toContain(`${agent} answered: the caller is connected`)
    expect(call.print()).toContain('DIAL is simulated on an inferred shape')
    expect(received[1]!.body.session_data).toEqual({ transferred: true })
  })

  it('DIAL to a party who answers and stays: a step waiting for more says the caller is connected, not that the call is stuck', async () => {
    const agent = '+14155550142'
    const { flow } = run([{ type: 'DIAL', params: { no: agent } }, say('The agent has left.'), hangup])
    const error = await failureOf(flow.expectAction('DIAL').expectHangup())
    expect(error.message.split('\n')[0]).toBe(
      `[callspec] turn 1, expectHangup(): the app neither hung up nor did anything else: the caller is connected to ${agent}, and the call goes on until one of them hangs up (nothing else is scheduled). ` +
        `To end the test there, let the conversation last with .staySilent(ms) instead of this step (the caller hangs up as the flow ends), or hang up with .hangUp(); or give the party an end: .withParty('${agent}', { answers: true, hangsUpAfterMs: 30_000 }).`,
    )
  })

  it('DIAL to a busy party goes on with the script', async () => {
    const { flow } = run([{ type: 'DIAL', params: { no: '+14155550143' } }, say('Nobody is free.'), hangup])
    const call = await flow.withParty('+14155550143', 'busy').expectAction('DIAL').expectAction('SAY').expectHangup()
    expect(call.print()).toContain('+14155550143 is busy: the script goes on')
  })

  it('RECORD records until a key, and the next callback lists the recording by name', async () => {
    const { flow, received } = run([{ type: 'RECORD', name: 'voicemail' }, { type: 'REDIRECT', params: { url: 'https://app.example.com/saved' } }], {}, QUIET)
    await flow.expectAction('RECORD').say('Please call me back').pressDigits('#').expectAction('REDIRECT').hangUp()
    expect(received[1]!.body.recordings).toEqual([{ name: 'voicemail', id: expect.stringMatching(/^[A-Z0-9]{12}$/) }])
  })

  it('QUEUE and DETECT are accepted, recorded and reported as not simulated', async () => {
    const { flow } = run([{ type: 'QUEUE', params: { name: 'support' } }, { type: 'DETECT' }, say('next'), hangup])
    const call = await flow.expectAction('QUEUE').expectAction('DETECT').expectAction('SAY').expectHangup()
    expect(call.actions[0]!.summary).toBe('(not simulated: parameters not documented)')
    expect(call.print()).toContain('QUEUE is not simulated: Voxology names it but documents no parameters')
  })

  it('HANGUP ends the call: the app hung up, and the final callback follows', async () => {
    const { flow, received } = run([hangup, say('never')])
    const call = await flow.expectHangup()
    expect(call).toHaveHungUp()
    expect(call).not.toHaveAction('SAY')
    expect(bodies(received).map((b) => b.type)).toEqual(['init_call', 'call_end'])
  })
})
