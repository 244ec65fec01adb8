/**
 * Minimums Voxology does not document must not fail a call under the documented
 * voxology/action-schema: an empty LABEL name or GOTO label, an empty CONFERENCE name (strings,
 * no minimum length documented) and a PLAY loop under 1 (loop's "≥1" is documented for SAY
 * only). Each warns under its inferred rule, the call goes on as behaviour.md says, and `strict`
 * fails with the rule's tag.
 */
import { describe, expect, it } from 'vitest'
import { callTo, validate } from '../../../src/index.js'
import { failureOf } from '../../helpers/failure-of.js'
import { scriptApp, serve } from './helpers.js'

const say = (text: string) => ({ type: 'SAY', params: { text } })
const hangup = { type: 'HANGUP' }
const FIRST = "turn 1: the app's answer to the init_call callback: "

/** An inbound call whose callbacks answer `actions` (nothing to the final one). */
const call = (actions: unknown[], options: object = {}) => callTo(scriptApp({ '/': serve(actions) }).app, { platform: 'voxology', warnings: 'silent', ...options })

describe('an empty LABEL name and GOTO label (rule voxology/goto-targets, inferred)', () => {
  const script = [say('Hello.'), { type: 'GOTO', params: { label: '' } }, say('never heard'), { type: 'LABEL', name: '' }, say('Goodbye.'), hangup]
  const TAG = '(rule voxology/goto-targets, inferred)'
  // At error the message stops before what callspec does at warn (FoundIssue.atWarn).
  const atError = (what: string) => `${what} is empty (received ""): the docs set no minimum length`
  const said = (what: string) => `${atError(what)}, so callspec matches it as written, like any other (a GOTO "" goes to a LABEL "")`

  it('matches the empty name as written: the GOTO jumps to the LABEL, with a warning for each', async () => {
    const result = await call(script).expectAction('SAY', { params: { text: 'Hello.' } }).expectAction('SAY', { params: { text: 'Goodbye.' } }).expectHangup()
    expect(result.warnings).toEqual([`${FIRST}${said('GOTO label')} at actions[1].params.label ${TAG}`, `${FIRST}${said('LABEL name')} at actions[3].name ${TAG}`])
    expect(validate('voxology', 'action', { type: 'LABEL', name: ' ' })).toMatchObject({ ok: true, issues: [{ rule: 'voxology/goto-targets', level: 'warn', path: 'name' }] })
  })

  it('fails under strict with the rule\'s tag', async () => {
    const error = await failureOf(call(script, { strict: true }).expectAction('SAY'))
    expect(error.message).toContain(`✖ ${atError('GOTO label')}\n  → at actions[1].params.label\n  → rule voxology/goto-targets (inferred: `)
    expect(validate('voxology', 'action', { type: 'GOTO', params: { label: '' } }, { strict: true }).ok).toBe(false)
  })
})

describe('an empty CONFERENCE name (rule voxology/conference-name, inferred)', () => {
  const script = [{ type: 'CONFERENCE', params: { name: '' } }, say('You have left the conference.'), hangup]
  const WARNING =
    'CONFERENCE name is empty (received ""): the docs set no minimum length, so callspec joins the caller to the conference of that name, as written at actions[0].params.name (rule voxology/conference-name, inferred)'

  it('joins the caller to the conference of that name, with a warning; the script goes on after it', async () => {
    const result = await call(script, { vendor: { conferenceMs: { '': 5_000 } } }).expectAction('CONFERENCE', { params: { name: '' } }).expectAction('SAY').expectHangup()
    expect(result.warnings).toEqual([FIRST + WARNING])
    expect(result.transcript.entries.find((e) => e.kind === 'action' && e.action.name === 'SAY')).toMatchObject({ at: 5_000 })
  })

  it('fails under strict with the rule\'s tag', async () => {
    const error = await failureOf(call(script, { strict: true }).expectAction('CONFERENCE'))
    expect(error.message).toContain('→ rule voxology/conference-name (inferred: ')
    expect(validate('voxology', 'action', script[0])).toMatchObject({ ok: true, issues: [{ rule: 'voxology/conference-name', level: 'warn', path: 'params.name' }] })
  })
})

describe('a PLAY loop under 1 (rule voxology/play-loop, inferred)', () => {
  const url = 'https://s3-us-west-2.amazonaws.com/com.voxology.demo/number-guessing-game/kazoo-fanfare.mp3'
  const script = [{ type: 'PLAY', params: { url, loop: 0 } }, say('Goodbye.'), hangup]
  const WARNING =
    "PLAY loop 0 is under 1: Voxology documents loop (at least 1) for SAY only, so callspec plays the file once, as with no loop at actions[0].params.loop (rule voxology/play-loop, inferred)"

  it('plays the file once, with a warning', async () => {
    const result = await call(script).expectAction('PLAY').expectAction('SAY').expectHangup()
    expect(result.warnings).toEqual([FIRST + WARNING])
    // Once: the SAY starts when one play of the file (3 s, BEHAVIOUR.defaultAudioMs) has ended.
    expect(result.transcript.entries.find((e) => e.kind === 'action' && e.action.name === 'SAY')).toMatchObject({ at: 3_000 })
    expect(result).toHavePlayed('Goodbye.')
  })

  it('a COLLECT\'s nested PLAY is judged the same; strict fails with the rule\'s tag', async () => {
    const collect = { type: 'COLLECT', name: 'menu', params: { num_digits: 1, timeout: 3000 }, actions: [{ type: 'PLAY', params: { url, loop: -1 } }] }
    expect(validate('voxology', 'action', collect)).toMatchObject({ ok: true, issues: [{ rule: 'voxology/play-loop', level: 'warn', path: 'actions[0].params.loop' }] })
    const error = await failureOf(call(script, { strict: true }).expectAction('PLAY'))
    expect(error.message).toContain('→ rule voxology/play-loop (inferred: ')
    // SAY's loop "≥1" is no published limit either (audit h172 F7): an inferred rule's warning, not the schema's error.
    expect(validate('voxology', 'action', { type: 'SAY', params: { text: 'Hi.', loop: 0 } })).toMatchObject({ ok: true, issues: [{ rule: 'voxology/action-bounds', level: 'warn', evidence: 'inferred' }] })
  })
})

describe('a PLAY loop that is not an integer (rule voxology/play-loop, inferred: PLAY loop is not evidenced)', () => {
  const url = 'https://s3-us-west-2.amazonaws.com/com.voxology.demo/number-guessing-game/kazoo-fanfare.mp3'
  const TAG = "(rule voxology/play-loop, inferred)"
  // At error the message stops before what callspec does at warn (FoundIssue.atWarn).
  const atError = (loop: string) => `PLAY loop ${loop} is not an integer: Voxology documents loop (an integer, at least 1) for SAY only`
  const said = (loop: string) => `${atError(loop)}, so callspec plays the file once, as with no loop`

  it.each([
    ['1.5', 1.5, '1.5'],
    ['"2" (a string)', '2', '"2"'],
    ['true', true, 'true'],
    ['null', null, 'null'],
  ])('loop %s: plays the file once, with a warning, not a schema error', async (_, loop, shown) => {
    const script = [{ type: 'PLAY', params: { url, loop } }, say('Goodbye.'), hangup]
    const result = await call(script).expectAction('PLAY').expectAction('SAY').expectHangup()
    expect(result.warnings).toEqual([`${FIRST}${said(shown)} at actions[0].params.loop ${TAG}`])
    // Once: the SAY starts when one play of the file (3 s, BEHAVIOUR.defaultAudioMs) has ended.
    expect(result.transcript.entries.find((e) => e.kind === 'action' && e.action.name === 'SAY')).toMatchObject({ at: 3_000 })
    expect(validate('voxology', 'action', script[0])).toEqual({
      ok: true,
      issues: [expect.objectContaining({ path: 'params.loop', rule: 'voxology/play-loop', level: 'warn', evidence: 'inferred' })],
    })
  })

  it('fails under strict with the rule\'s tag; a COLLECT\'s nested PLAY is judged the same', async () => {
    const script = [{ type: 'PLAY', params: { url, loop: 1.5 } }, say('Goodbye.'), hangup]
    const error = await failureOf(call(script, { strict: true }).expectAction('PLAY'))
    expect(error.message).toContain(`✖ ${atError('1.5')}\n  → at actions[0].params.loop\n  → rule voxology/play-loop (inferred: `)
    expect(validate('voxology', 'action', script[0], { strict: true })).toMatchObject({ ok: false, issues: [{ rule: 'voxology/play-loop', level: 'error', evidence: 'inferred' }] })
    const collect = { type: 'COLLECT', name: 'menu', params: { num_digits: 1, timeout: 3000 }, actions: [{ type: 'PLAY', params: { url, loop: '2' } }] }
    expect(validate('voxology', 'action', collect)).toMatchObject({ ok: true, issues: [{ rule: 'voxology/play-loop', level: 'warn', path: 'actions[0].params.loop' }] })
    // SAY's loop (an integer ≥1) is documented: still the schema's error.
    expect(validate('voxology', 'action', { type: 'SAY', params: { text: 'Hi.', loop: 1.5 } })).toMatchObject({ ok: false, issues: [{ rule: 'voxology/action-schema' }] })
  })

  it('an integer loop still repeats the file', async () => {
    const result = await call([{ type: 'PLAY', params: { url, loop: 2 } }, say('Goodbye.'), hangup]).expectAction('PLAY').expectAction('SAY').expectHangup()
    expect(result.warnings).toEqual([])
    expect(result.transcript.entries.find((e) => e.kind === 'action' && e.action.name === 'SAY')).toMatchObject({ at: 6_000 })
  })
})
