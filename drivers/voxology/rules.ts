import { defineRules } from '../../src/validation/rules.js'

const UNREADABLE = 'the platform cannot run a script it cannot read'

/**
 * Every check the Voxology simulation makes, with its evidence. Sources: Voxology's
 * "Programmable Voice" / "Call Flow Loop" documentation (voxolo.gy, api.voxolo.gy) and its own
 * tutorials (github.com/voxology-inc/api-tutorial-number-guessing-game). A correction is a
 * one-line change here.
 */
export const VOXOLOGY_RULES = defineRules({
  'voxology/script-shape': {
    evidence: 'doc',
    source: 'Voxology docs: Call Flow Loop, response document {"actions": [...]}',
    fixed: UNREADABLE,
    description: 'a callback answer is {"actions": [...]} of known, UPPERCASE action types (a COLLECT prompts with SAY or PLAY)',
  },
  'voxology/action-schema': {
    evidence: 'doc',
    source: 'Voxology docs: Call Flow Actions',
    fixed: UNREADABLE,
    description: 'each action has its documented fields and types (SAY params.text, COLLECT finish_on_key, REDIRECT absolute http(s) url…)',
  },
  'voxology/unknown-keys': {
    evidence: 'inferred',
    source: 'inferred: not documented (Voxology documents no rejection of unknown fields)',
    description: 'an action holds no key the docs do not name',
  },
  'voxology/conditions': {
    evidence: 'doc',
    source: 'Voxology docs: IF conditions ("like JavaScript")',
    fixed: UNREADABLE,
    description: 'an IF condition parses as the JavaScript-like subset the docs show, and templates (${…}) are well formed',
  },
  'voxology/known-variables': {
    evidence: 'doc',
    source: 'Voxology docs: Variables ($keyPresses, $sessionData, $callTime)',
    description: 'conditions and templates read only the documented variables (an unknown one reads as undefined)',
  },
  'voxology/goto-targets': {
    evidence: 'inferred',
    source: 'inferred: a GOTO to no LABEL is not documented',
    fixed: 'a GOTO to no LABEL leaves the interpreter nowhere to go',
    description: 'every GOTO names a LABEL of the script, and no LABEL is defined twice',
  },
  'voxology/collect-names': {
    evidence: 'inferred',
    source: 'inferred: not documented (key_presses[].name is how the next callback tells COLLECTs apart)',
    description: 'a script with two or more COLLECTs names each one (vendor.requireCollectNames: false skips the check)',
  },
  'voxology/final-callback-answered': {
    evidence: 'inferred',
    source: 'inferred: not documented (the final callback expects no body; a 404 means the app has no route for it)',
    description: 'the app answers callbacks sent after the end of the call with a 2xx',
  },
  'voxology/answer-in-time': {
    evidence: 'inferred',
    source: 'inferred: the webhook timeout is not documented; callspec assumes limits.responseTimeoutMs',
    description: 'the app answers a callback within limits.responseTimeoutMs of virtual time (4 s by default); an answer its own timer holds back longer is taken, with a warning',
  },
})

export type VoxologyRuleId = keyof typeof VOXOLOGY_RULES
