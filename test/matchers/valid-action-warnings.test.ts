import { describe, expect, it } from 'vitest'
import { messageOf } from '../helpers/failure-of.js'

/**
 * A rule callspec inferred at warn (an unknown key, a .ogg URL) does not make an action invalid:
 * toBeValidAction's failure must not list it among the reasons (✖) as if the vendor refused it,
 * but apart, as a warning naming its rule and its inference (audit h124).
 */
describe('.toBeValidAction and warnings', () => {
  it('lists a warning apart from the errors, marked ⚠ with its inferred rule', () => {
    const message = messageOf(() => expect({ action: 'PLAY', audio: [{ type: 'TTS', text: 5 }], colour: 'blue' }).toBeValidAction('webex-connect'))
    expect(message).toContain('  ✖ Invalid input: expected string, received number 5 → at audio[0].text\n')
    expect(message).not.toContain('✖ Unrecognized key')
    expect(message).toContain(
      'and, as warnings only (rules callspec inferred: they do not make it invalid):\n' +
        '  ⚠ Unrecognized key: "colour" (received "blue") (rule webex-connect/unknown-keys, inferred)',
    )
  }, 10_000)

  it('passes an action whose only issue is a warning, and .not says what it warns of', () => {
    const ogg = { action: 'PLAY', audio: [{ type: 'URL', location: 'https://cdn.example.com/hello.ogg' }] }
    expect(ogg).toBeValidAction('webex-connect')
    const message = messageOf(() => expect(ogg).not.toBeValidAction('webex-connect'))
    expect(message).toContain('not to be a valid webex-connect action, but it is.\nIts warnings (rules callspec inferred, at warn: they do not make it invalid):\n  ⚠ the URL names another audio format (.ogg)')
    expect(message).toContain('(rule webex-connect/audio-file-type, inferred)')
  }, 10_000)
})
