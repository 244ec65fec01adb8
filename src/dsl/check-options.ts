import type { AnyDriver, Limits } from '../driver/types.js'
import { CallspecUsageError } from '../errors/usage-error.js'
import { allKeys } from '../utils/all-keys.js'
import { closestName } from '../validation/did-you-mean.js'
import type { CallOptions } from './flow-config.js'

/** callTo()'s options, every one (the compiler keeps the list in step with CallOptions). */
const CALL_OPTION_NAMES = allKeys<CallOptions>()(['platform', 'webhookPath', 'seed', 'limits', 'unconsumed', 'api', 'headers', 'transport', 'vendor', 'appClock', 'time', 'startAt', 'strict', 'rules', 'warnings'])
const LIMIT_NAMES = allKeys<Limits>()(['responseTimeoutMs', 'appTimeoutMs', 'maxTurns', 'maxVirtualMs', 'maxBodyBytes', 'quietGraceMs'])

/**
 * Refuses an option callTo() does not have, at its top level, in `limits` and in `vendor` (the
 * platform's own), with the one meant. TypeScript catches these at compile time; a JavaScript or
 * CommonJS caller had nothing, and the option was dropped: a misspelt `webhookpath` ended in a 404
 * whose hint said to pass `webhookPath`, a misspelt limit or vendor option in a call that passed
 * on the defaults (newcomer audit-119).
 */
export function checkCallOptions(options: object, driver: AnyDriver): void {
  unknownKey(options, CALL_OPTION_NAMES, (key, meant) => `callTo() has no option "${key}"${meant}: its options are ${CALL_OPTION_NAMES.join(', ')}`)
  const { limits, vendor } = options as { limits?: unknown; vendor?: unknown }
  if (isRecord(limits)) {
    unknownKey(limits, LIMIT_NAMES, (key, meant) => `callTo()'s limits have no "${key}"${meant}: limits are ${LIMIT_NAMES.join(', ')}`)
    for (const name of LIMIT_NAMES) limitValue(name, (limits as Partial<Record<string, unknown>>)[name])
  }
  seedValue((options as { seed?: unknown }).seed)
  const first = isRecord(vendor) ? vendorNameProblems(vendor, driver)[0] : undefined
  if (first) throw new CallspecUsageError(`[callspec] ${first.message}`)
}

/** What check-options needs of a platform to check its `vendor` options: a driver has it, and so has a scenario file's platform catalog. */
export type VendorOptionsOf = Pick<AnyDriver, 'platform' | 'optionNames' | 'optionValues' | 'checkVendorOptions'>

/**
 * One problem with a `vendor` option: where (the option's name, then keys within it; `key`: the
 * name itself is at fault), and what callTo() says of it, without its `[callspec] ` prefix. A
 * scenario file reports each at its place in the file; a call refuses the first.
 */
export interface VendorOptionIssue {
  readonly path: readonly PropertyKey[]
  readonly key: boolean
  readonly message: string
}

/**
 * Every problem with `vendor`, names and enumerated values first (at callTo()), then each value of
 * the wrong shape (with the driver's heavy half loaded: as a call starts, or a scenario file loads).
 * An option refused for its name or value is not said a second time for its shape.
 */
export function vendorOptionIssues(vendor: object, driver: VendorOptionsOf): VendorOptionIssue[] {
  const named = vendorNameProblems(vendor, driver)
  const said = new Set(named.map((issue) => issue.path[0]))
  return [...named, ...vendorShapeProblems(vendor, driver).filter((issue) => !said.has(issue.path[0]))]
}

/** Options callTo() refuses without zod: a name the platform has not (with the one meant), a value not among those it lists. */
function vendorNameProblems(vendor: object, driver: VendorOptionsOf): VendorOptionIssue[] {
  const issues: VendorOptionIssue[] = []
  const names = driver.optionNames
  if (names) {
    const they = `they are ${names.length > 0 ? names.join(', ') : 'none'} (its behaviour notes say what each does)`
    for (const key of unknownKeys(vendor, names)) {
      const near = closestName(key, names)
      issues.push({ path: [key], key: true, message: `${driver.platform}'s vendor options have no "${key}"${near ? ` (did you mean "${near}"?)` : ''}: ${they}.` })
    }
  }
  for (const [name, allowed] of Object.entries(driver.optionValues ?? {})) {
    const message = vendorValue(driver.platform, name, (vendor as Partial<Record<string, unknown>>)[name], allowed)
    if (message) issues.push({ path: [name], key: false, message })
  }
  return issues
}

/** Each option whose value has not its shape (driver.checkVendorOptions), as its refusal says it. */
function vendorShapeProblems(vendor: object, driver: VendorOptionsOf): VendorOptionIssue[] {
  return (driver.checkVendorOptions?.(vendor) ?? []).map((problem) => {
    const [name, ...within] = problem.path
    const where = `${String(name)}${within.map((key) => (typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(String(key)) ? `.${String(key)}` : `[${JSON.stringify(String(key))}]`)).join('')}`
    const value = problem.value === undefined ? 'is missing' : `is ${shownValue(problem.value)}`
    return {
      path: problem.path,
      key: false,
      message: `${driver.platform}'s vendor option ${where} ${value}: give ${problem.expected}, or leave ${within.length === 0 ? 'it' : String(name)} out for callspec's default (its behaviour notes say what each does).`,
    }
  })
}

/**
 * Refuses a vendor option whose value has not its shape (driver.checkVendorOptions: a map given a
 * number, a list given text…), once the driver's heavy half is loaded: a call checks as it starts,
 * `callspec explore` before its first call. Measured: `audioDurationsMs: 3000` in a scenario file
 * was taken, every file played for the default 3 s and the run passed; 8x8's `voiceProfiles:
 * 'en-US'` from JavaScript was read as a list of letters. (A scenario file's are refused as it
 * loads, all of them: vendorOptionIssues.)
 */
export function checkVendorShapes(options: { vendor?: unknown }, driver: AnyDriver): void {
  const { vendor } = options
  const first = isRecord(vendor) ? vendorShapeProblems(vendor, driver)[0] : undefined
  if (first) throw new CallspecUsageError(`[callspec] ${first.message}`)
}

/**
 * A vendor option's value, one of those its platform lists (driver.optionValues), or left out: what
 * is wrong with it, if anything. The same check for every platform; the lists are each driver's.
 * Measured (audit h175 F6): a JavaScript caller's `ranOut: 'stop'` (8x8), `flatDtmf: 'no'`,
 * `patchedEvents: 'connect'` (Webex Connect), `menuTerminator: '1'` (EnableX) and
 * `finalCallbackTarget: 'last'` (Voxology) were taken, and the call ran on the default with no word.
 */
function vendorValue(platform: string, name: string, value: unknown, allowed: readonly (string | boolean)[]): string | undefined {
  if (value === undefined || allowed.includes(value as string | boolean)) return undefined
  const listed = allowed.map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v)))
  const choice = listed.length === 2 ? `${listed[0]} or ${listed[1]}` : `one of ${listed.join(', ')}`
  return `${platform}'s vendor option ${name} is ${shownValue(value)}: give ${choice}, or leave it out for callspec's default (its behaviour notes say what each does).`
}

/** A vendor option's wrong value as written: a string quoted, a number, boolean or null as is, else what it is. */
const shownValue = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' || typeof value === 'boolean' || value === null ? String(value) : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`

const isRecord = (value: unknown): value is object => typeof value === 'object' && value !== null && !Array.isArray(value)

function unknownKey(given: object, names: readonly string[], problem: (key: string, meant: string) => string): void {
  for (const key of unknownKeys(given, names)) {
    const near = closestName(key, names)
    throw new CallspecUsageError(`[callspec] ${problem(key, near ? ` (did you mean "${near}"?)` : '')}.`)
  }
}

const unknownKeys = (given: object, names: readonly string[]): string[] => Object.keys(given).filter((key) => !names.includes(key))

/**
 * A limit's value: a number above 0 (Infinity too: "as long as it takes", the test's own timeout
 * still bounding the call), or left out. Measured (audit h162 H2): NaN read "within NaN ms" and, as
 * maxBodyBytes, switched the body cap off (a 20 MB answer read whole); 0 and -1 were taken. Checked
 * by hand, not with zod: this runs on every callTo(), and zod is loaded only with a platform's
 * schemas (a `callspec` import costs ~25 ms without it).
 */
function limitValue(name: string, value: unknown): void {
  if (value === undefined) return
  if (typeof value === 'number' && value > 0) return
  const unit = name.endsWith('Ms') ? 'milliseconds' : name === 'maxBodyBytes' ? 'bytes' : 'webhooks'
  throw new CallspecUsageError(`[callspec] callTo()'s limits.${name} is ${shown(value)}: give a number of ${unit} above 0, or leave it out for callspec's default.`)
}

/**
 * The seed: a whole number, as a scenario's `seed:` and `callspec run --seed` take it. Measured
 * (audit h170): NaN, Infinity and 0.5 were taken and made the call of seed 0 (the ids are drawn
 * from its 32 bits), while the failure said "Replay this exact call with { seed: NaN }".
 */
function seedValue(value: unknown): void {
  if (value === undefined || Number.isSafeInteger(value)) return
  throw new CallspecUsageError(`[callspec] callTo()'s seed is ${shown(value)}: give a whole number (the same seed, the same call), or leave it out for the test's own.`)
}

/**
 * pressDigits()'s gapMs: virtual milliseconds between keys, 0 or more and finite. Measured (audit
 * h170): NaN and Infinity pressed the first key alone and the call went on as if the caller had
 * typed one key; -5 pressed them all at once, as 0 does.
 */
export function gapValue(value: unknown): string | undefined {
  if (value === undefined || (typeof value === 'number' && value >= 0 && Number.isFinite(value))) return undefined
  return `[callspec] pressDigits()'s gapMs is ${shown(value)}: give the virtual milliseconds between one key and the next, a number 0 or more (300 when left out).`
}

/** A wrong value as the message shows it: a number as written, a string quoted, else its type. */
const shown = (value: unknown): string => (typeof value === 'number' ? String(value) : typeof value === 'string' ? JSON.stringify(value) : typeof value)
