import type { TranscriptHeader } from './transcript.js'
import { warningLines } from './warning-groups.js'

/** Distinct warnings printed per call; the same warning at many turns counts once. */
const MAX_PRINTED = 20

/** What happens to a call's warnings besides `call.warnings`: printed to stderr (default), or not. */
export type WarningsOutput = 'print' | 'silent'

/**
 * Prints a call's warnings once, as msw's `onUnhandledRequest: 'warn'` does: one console.warn per
 * call (vitest shows it under the test), each warning with its turn and rule.
 */
export function printWarnings(warnings: readonly string[], header: TranscriptHeader, output: WarningsOutput = 'print'): void {
  if (output === 'silent' || warnings.length === 0) return
  const { platform, seed, parties } = header
  const count = warnings.length.toLocaleString('en-US')
  const head = `[callspec] ${count} warning${warnings.length > 1 ? 's' : ''} in ${article(platform)} ${platform} call (${parties.direction} ${parties.from} → ${parties.to}, seed ${seed}):`
  // What a warning is and how to tune it, said with a platform's first printed warnings in this
  // process (a test file, under vitest's isolation): repeated under every call, it was most of
  // what a suite printed (helper-125: one quirk, 6 copies of the paragraph in 6 tests).
  const tail = explained.has(platform)
    ? []
    : [
        "A warning is a rule that does not fail the call at its level: one callspec inferred where the vendor is silent, a vendor error the app got and the call survived, or one you set to 'warn'. " +
          `What each rule rests on is in the rules table of callspec's drivers/${platform}/behaviour.md. ` +
          "Tune one with rules: { '<id>': 'off' | 'warn' | 'error' }, fail on every rule with strict: true, or stop this printing with warnings: 'silent' (call.warnings keeps them).",
      ]
  explained.add(platform)
  console.warn([head, ...warningLines(warnings, MAX_PRINTED), ...tail].join('\n'))
}

/** Platforms whose warnings have been explained in this process (printWarnings). */
const explained = new Set<string>()

/** "an enablex call", "an 8x8 call" (said "an eight"), "a webex-connect call". */
const article = (word: string) => (/^([aeiou]|8)/i.test(word) ? 'an' : 'a')
