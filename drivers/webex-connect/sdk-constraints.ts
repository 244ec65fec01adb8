import type { z } from 'zod'
import { valueAt } from '../../src/driver/index.js'
import type { WebexRuleId } from './rules.js'

/**
 * The action constraints only Cisco's SDKs state (connect-sdk-node, connect-sdk-java), not the
 * docs' pages: PLAY `audio` has at least one item (Webex Connect's PLAY action), PATCH needs
 * `dialedNumber` (Webex Connect's PATCH action), a `terminationDigit` or `patchDigit` is one DTMF
 * key, `greetingRepeatCount` an integer ≥ 0. The schema keeps them (the vendor states them, so they
 * fail), and an issue breaking one cites rule webex-connect/sdk-constraints, evidence `sample`, not
 * the docs (audit h130 F4: they were cited as "Webex Connect docs: Voice API v1, Actions").
 */
export const SDK_RULE: WebexRuleId = 'webex-connect/sdk-constraints'

const ONE_KEY_FIELDS = new Set(['terminationDigit', 'patchDigit'])

/** The SDK rule, for a schema issue of an action that breaks one of these constraints. */
export function sdkConstraintRule(issue: z.core.$ZodIssue, payload: unknown): WebexRuleId | undefined {
  const action = valueAt(payload, ['action'])
  const field = issue.path.at(-1)
  const value = valueAt(payload, issue.path)
  // The docs mark audio required; that it holds an item is the SDKs' (a missing audio stays the docs').
  if (action === 'PLAY' && issue.path.length === 1 && field === 'audio' && issue.code === 'too_small') return SDK_RULE
  // The docs' PATCH example sends one; that it is required is the SDKs' (a number not E.164 stays the docs').
  if (action === 'PATCH' && issue.path.length === 1 && field === 'dialedNumber' && value === undefined) return SDK_RULE
  // A key as a string is the docs'; that it is exactly one DTMF key is the SDKs' validator.
  if (typeof field === 'string' && ONE_KEY_FIELDS.has(field) && typeof value === 'string') return SDK_RULE
  // The docs' example sends 0; integer ≥ 0 is the SDKs'.
  if (action === 'PATCH' && field === 'greetingRepeatCount' && typeof value === 'number') return SDK_RULE
  return undefined
}
