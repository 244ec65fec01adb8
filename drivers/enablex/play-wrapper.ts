import { quoteValue, tagIssues, type RuleBook, type ValidationIssue } from '../../src/driver/index.js'
import { promptFields } from './audio.js'

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * A `PUT …/play` body whose fields are under a `play` key (`{ "play": { "type": "tts", "text": …,
 * "voice": …, "prompt_ref": … } }`), as EnableX's own voice-broadcast-ivr-bridge sample sends
 * every prompt (its voiceapi.js playBroadcastIVR), and its older voice-api-outbound did. EnableX's
 * API reference shows the fields at the top level of the body, and no page says what the API does
 * with the wrapper. Measured before: the sample's first menu was refused 400 "Mandatory parameter
 * missing: text" under the documented request-schema rule, as if EnableX's docs refused it.
 *
 * Inferred (rule enablex/play-wrapper): callspec reads the fields from `play` when the body holds
 * no prompt of its own at the top level, with a warning; at error (strict) the request is refused,
 * said as callspec's rule. Returns the body as it is read (the fields at the top level), and the
 * rule's issue when it applies (which fails the check at error: validate.ts checkPlay).
 */
export function unwrappedPlay(payload: unknown, rules: RuleBook): { body: unknown; issue?: ValidationIssue } {
  if (!isRecord(payload) || !isRecord(payload.play) || promptFields(payload).length > 0) return { body: payload }
  const { play, ...rest } = payload
  const body = { ...rest, ...play }
  const breach = rules.breach('enablex/play-wrapper')
  if (!breach) return { body }
  const [issue] = tagIssues(
    [
      {
        path: 'play',
        received: quoteValue(play),
        message: `the play's fields are under a play key: callspec ${breach.level === 'error' ? 'refuses it' : 'reads them from there'}`,
        hint: "send them at the top level of the body ({ text, voice, language, prompt_ref, dtmf }), as EnableX's API reference does; its voice-broadcast-ivr-bridge sample wraps them in play, and no page says what the API does with that",
      },
    ],
    breach,
  )
  return { body, ...(issue && { issue }) }
}
