/**
 * audit h193: a newcomer's toHavePlayed left a comma out of a prompt that the test's own hang-up
 * cut off as it began. The failure listed the prompts heard, which did not hold it, and said
 * nothing else: neither that it was cut off (said only for text that matched exactly) nor that it
 * differed by punctuation (said only of prompts heard). Both are said now, the prompt quoted as the
 * app sent it. Over real HTTP, in memory.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { answering, tts } from '../helpers/webex-apps.js'
import { messageOf } from '../helpers/failure-of.js'

describe('.toHavePlayed of a prompt cut off, with text a comma off', () => {
  it('says it was cut off, and that the text differs only in punctuation', async () => {
    const app = answering({ action: 'PLAY', audio: [tts('Please enter your PIN, followed by the hash key.')], collectInput: { maxDigits: 6, terminationDigit: '#' } })
    const call = await callTo(app, { platform: 'webex-connect', seed: 11 }).expectAction('ANSWER').expectAction('PLAY').hangUp()
    expect(messageOf(() => expect(call).toHavePlayed('Please enter your PIN followed by the hash key')).split('\n').slice(0, 5).join('\n')).toBe(
      'expect(call).toHavePlayed(text)\n' +
        '\n' +
        'Expected the caller to hear: "Please enter your PIN followed by the hash key"\n' +
        'Prompts heard: (none)\n' +
        '"Please enter your PIN, followed by the hash key." (PLAY, turn 2) was played but cut off at 0.2 s (hung up), before the caller heard any of it. To hear it, let the call go on first: .staySilent(ms) before .hangUp().',
    )
    expect(messageOf(() => expect(call).toHavePlayed('Please enter your PIN followed by the hash key'))).toContain(
      '\nHint: "Please enter your PIN followed by the hash key" differs from "Please enter your PIN, followed by the hash key." only in case, punctuation or spacing; text matches exactly: copy it as played, or write a pattern with /…/i.\n',
    )
  })

  it('text near no prompt gets neither line', async () => {
    const app = answering({ action: 'PLAY', audio: [tts('Please enter your PIN, followed by the hash key.')], collectInput: { maxDigits: 6, terminationDigit: '#' } })
    const call = await callTo(app, { platform: 'webex-connect', seed: 11 }).expectAction('ANSWER').expectAction('PLAY').hangUp()
    const said = messageOf(() => expect(call).toHavePlayed('Goodbye'))
    expect(said).not.toContain('was played but cut off')
    expect(said).not.toContain('Hint:')
  })
})
