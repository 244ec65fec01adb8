/**
 * The forms a scenario file's strings take, as regular expression sources: the parser checks
 * values with them and the JSON Schema (`callspec schema`) states them, so an editor and
 * `callspec run` accept and refuse the same files (durations and patterns: duration.ts, pattern.ts).
 */
export const E164_SOURCE = '^\\+?[1-9]\\d{5,14}$'
/** Keys the caller presses. */
export const KEYS_SOURCE = '^[0-9*#]+$'
