import { tagIssues, type RuleBook, type ValidationIssue } from '../../src/driver/index.js'
import type { WebexRuleId } from './rules.js'
import { OTHER_AUDIO_FORMAT, type Action, type Audio } from './schemas.js'

/**
 * Checks of an action callspec inferred where the docs are silent: graded by the call's rule
 * book, so they warn by default (the action runs as sent) and fail only when the user asks. They
 * run once the action has passed the schema, which keeps only what the docs state.
 */
interface SoftProblem {
  rule: WebexRuleId
  path: string
  message: string
  received: string
  /** What callspec does with the action when the rule only warns: said at warn only (FoundIssue). */
  atWarn?: string
}

const DOCUMENTED_FORMAT = /\.(wav|mp3)$/i
/** Text that is an SSML document: `<speak>` opens it (after any XML declaration). */
const SPEAK = /^\s*(<\?xml[^>]*\?>\s*)?<speak[\s>]/i

/** Every inferred check `action` breaks. */
export function softProblems(action: Action): SoftProblem[] {
  const out: SoftProblem[] = []
  // `runs`: the simulation uses the value (maxsilence it does not model).
  const timeout = (value: number | undefined, path: string, runs = true) => {
    if (value === undefined || value >= 1) return
    // A fraction of a second (streamInput's, which may be fractional: below) runs as given, not as 0.
    const ran = value > 0 ? `; callspec runs it as given, ${value} s` : '; callspec runs it as 0, so it ends as soon as the prompt does'
    const sim = runs ? { atWarn: ran } : {}
    out.push({ rule: 'webex-connect/timeouts-positive', path, received: String(value), message: 'a timeout under 1 s: the docs set no bounds on it', ...sim })
  }
  // streamInput's seconds: the schema takes any number, since integer seconds is callspec's inference.
  const wholeSeconds = (value: number | undefined, path: string, runs = true) => {
    if (value === undefined || Number.isInteger(value)) return
    const sim = runs ? { atWarn: `; callspec listens ${value} s, as given` } : {}
    out.push({
      rule: 'webex-connect/stream-timeout-integer',
      path,
      received: String(value),
      message: 'a fractional number of seconds: callspec infers that the platform takes integer seconds here (the docs state neither the type nor the unit)',
      ...sim,
    })
  }
  const audio = (item: Audio | undefined, path: string) => {
    if (item?.type === 'MEDIA' && item.mediaId.trim() === '') {
      out.push({
        rule: 'webex-connect/empty-media-id',
        path: `${path}.mediaId`,
        received: JSON.stringify(item.mediaId),
        message: 'the mediaId is empty: the docs set no minimum length, but it names no uploaded media',
        atWarn: ', so callspec plays nothing for this item',
      })
      return
    }
    // Text of spaces only (trimmed to "" by the schema): not empty, as the docs require, but it says nothing.
    if (item?.type === 'TTS' && item.text === '') {
      out.push({
        rule: 'webex-connect/blank-text',
        path: `${path}.text`,
        received: '(spaces only)',
        message: 'the text is blank (spaces only): the docs require text to be non-empty, not what the platform does with blank text',
        atWarn: '; callspec plays it as written, so the caller hears nothing',
      })
      return
    }
    // SSML markup in text the platform reads as plain text (TEXT, the default): the caller may hear it.
    if (item?.type === 'TTS' && item.textFormat !== 'SSML' && SPEAK.test(item.text)) {
      out.push({
        rule: 'webex-connect/ssml-text-format',
        path: `${path}.textFormat`,
        received: item.textFormat === undefined ? '(none)' : JSON.stringify(item.textFormat),
        message: 'the text is SSML (it starts with <speak>) but textFormat is not "SSML": the docs make TEXT the default, so the platform reads it as plain text and the caller may hear the tags',
        atWarn: '; callspec hears it as written',
      })
      return
    }
    if (item?.type !== 'URL') return
    const { pathname } = new URL(item.location)
    if (DOCUMENTED_FORMAT.test(pathname)) return
    const other = OTHER_AUDIO_FORMAT.exec(pathname)?.[0]
    out.push({
      rule: 'webex-connect/audio-file-type',
      path: `${path}.location`,
      received: JSON.stringify(item.location),
      ...(other
        ? { message: `the URL names another audio format (${other.toLowerCase()}) than .wav and .mp3, the formats the docs name; the docs do not say the platform refuses it`, atWarn: ': callspec plays it' }
        : { message: 'the URL does not end in .wav or .mp3, the formats the docs name: callspec cannot tell what it serves', atWarn: ', and plays it' }),
    })
  }
  const audios = (items: readonly Audio[] | undefined) => items?.forEach((item, i) => audio(item, `audio[${i}]`))
  switch (action.action) {
    case 'PLAY':
      audios(action.audio)
      timeout(action.collectInput?.digitTimeout, 'collectInput.digitTimeout')
      timeout(action.streamInput?.timeout, 'streamInput.timeout')
      timeout(action.streamInput?.maxsilence, 'streamInput.maxsilence', false)
      wholeSeconds(action.streamInput?.timeout, 'streamInput.timeout')
      wholeSeconds(action.streamInput?.maxsilence, 'streamInput.maxsilence', false)
      break
    case 'RECORD':
      // audio: [] (the Node SDK requires an item, the Java SDK none): no prompt, as with no audio (media/record.ts).
      if (action.audio?.length === 0) {
        out.push({
          rule: 'webex-connect/record-empty-audio',
          path: 'audio',
          received: '[]',
          message: 'audio is empty (received []): the SDKs disagree on whether RECORD needs a prompt',
          atWarn: ', so callspec plays none and records at once, as with no audio',
        })
      }
      audios(action.audio)
      timeout(action.timeoutSeconds, 'timeoutSeconds')
      break
    case 'PATCH':
      audio(action.holdAudio, 'holdAudio')
      audio(action.greetingAudio, 'greetingAudio')
      break
  }
  return out
}

/** The problems as issues at their rule's level; a rule set to 'off' drops its problems. */
export function gradeSoft(problems: readonly SoftProblem[], rules: RuleBook): ValidationIssue[] {
  return problems.flatMap(({ rule, ...issue }) => {
    const breach = rules.breach(rule)
    return breach ? tagIssues([issue], breach) : []
  })
}
