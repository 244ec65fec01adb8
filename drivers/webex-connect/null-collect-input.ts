import type { ValidationIssue } from '../../src/driver/index.js'
import { quoteValue } from '../../src/driver/index.js'
import { BEHAVIOUR } from './behaviour.js'

const NULL_RULE = 'webex-connect/null-optional'

/**
 * A PLAY whose collectInput sends every field as null (`{"maxDigits": null, "digitTimeout": null,
 * "terminationDigit": null}`, what a serialiser writes for an input object with nothing set).
 * Each null is read as absent (rule webex-connect/null-optional, inferred), which leaves
 * `collectInput: {}`; what that means is the vendor's word, not callspec's: the docs make every
 * collectInput field optional and answer a PLAY with a collectInput with COLLECTED_DIGITS [doc],
 * and Cisco's SDKs default maxDigits to 0 (any number) and digitTimeout to 5 s, with no
 * termination key [sample]. So the PLAY collects digits with those defaults, in a call as in
 * validate(). That is unlike a 2021-SDK PLAY with null top-level keys and no collectInput, which
 * asked for nothing (read-action.ts, h196). Said once, at collectInput, in place of one warning per
 * null field, so the user learns the PLAY still listens (h198).
 */
export function nullCollectInput(issues: ValidationIssue[], raw: unknown): ValidationIssue[] {
  const fields = allNullFields(raw)
  if (!fields) return issues
  const nulls = issues.filter((i) => i.rule === NULL_RULE && i.path.startsWith('collectInput.'))
  if (nulls.length !== fields.length) return issues
  const message =
    `collectInput sends every field as null (${fields.join(', ')}): the docs do not say what the platform does with null; read as absent, they leave collectInput {}, ` +
    `and a PLAY with a collectInput collects digits (the docs: COLLECTED_DIGITS), with the SDKs' defaults: any number of digits, until ${BEHAVIOUR.digitTimeoutS} s pass without one, no termination key. ` +
    'For a PLAY that collects nothing (PLAYED), send no collectInput'
  const one: ValidationIssue = { ...nulls[0]!, path: 'collectInput', message, received: quoteValue((raw as { collectInput: unknown }).collectInput) }
  const at = issues.indexOf(nulls[0]!)
  return [...issues.slice(0, at), one, ...issues.slice(at + 1).filter((i) => !nulls.includes(i))]
}

/** The field names of a PLAY's collectInput when it has some and every one is null; undefined otherwise. */
function allNullFields(raw: unknown): string[] | undefined {
  if (typeof raw !== 'object' || raw === null || (raw as { action?: unknown }).action !== 'PLAY') return undefined
  const input = (raw as { collectInput?: unknown }).collectInput
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined
  const entries = Object.entries(input)
  return entries.length > 0 && entries.every(([, value]) => value === null) ? entries.map(([key]) => key) : undefined
}
