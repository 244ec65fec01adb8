import type { AnyDriver, KindsOf, RuleIdOf } from './driver/types.js'
import { CallspecUsageError } from './errors/usage-error.js'
import { didYouMeanPlatform } from './utils/closest-platform.js'
import { closestName } from './validation/did-you-mean.js'
import { inferredOnly } from './validation/inferred-lead.js'
import { RuleBook, type RuleSettings } from './validation/rules.js'
import type { ValidationResult } from './validation/types.js'

/** Binds `validate(platform, kind, payload)` to the registry of drivers. */
export function createValidate<R extends Record<string, AnyDriver>>(registry: R) {
  /**
   * Checks one payload against a platform's schema: `{ ok, issues: [{ path, message }], vendorError? }`.
   * `vendorError` is the vendor's own answer (code and message) where the vendor documents one;
   * `vendorError.inferred` marks callspec's own answer, in the vendor's terms, to a payload that
   * fails only by rules callspec inferred.
   * Each issue names its `rule` and `level` ('error' fails a call, 'warn' is only printed);
   * `ok` is false only when an issue is an error. `settings` (`strict`, `rules`) work as in callTo().
   * @example validate('webex-connect', 'action', { action: 'PLAY', audio: [] }).issues
   */
  return function validate<P extends keyof R & string>(
    platform: P,
    kind: KindsOf<R[P]>,
    payload: unknown,
    settings: RuleSettings<RuleIdOf<R[P]>> = {},
  ): ValidationResult {
    const driver = registry[platform]
    if (!driver) throw new CallspecUsageError(`[callspec] validate() knows ${Object.keys(registry).join(', ')}; got ${JSON.stringify(platform)}.${didYouMeanPlatform(platform, Object.keys(registry))}`)
    if (!driver.validationKinds.includes(kind)) {
      const near = typeof kind === 'string' ? closestName(kind, driver.validationKinds) : undefined
      throw new CallspecUsageError(`[callspec] ${platform} validates ${driver.validationKinds.join(', ')}; got ${JSON.stringify(kind)}.${near ? ` Did you mean '${near}'?` : ''}`)
    }
    // Outside the try: a wrong rule setting is the caller's mistake, said as such.
    const book = new RuleBook(platform, driver.rules, settings as RuleSettings)
    try {
      const result = driver.validate(kind, payload, book)
      // An answer to a payload that fails only by rules callspec inferred is callspec's, not the vendor's.
      if (result.vendorError && inferredOnly(result.issues)) return { ...result, vendorError: { ...result.vendorError, inferred: true } }
      return result
    } catch (error) {
      // A payload must never make validate() throw: whatever a driver's checks missed becomes an issue.
      const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      return { ok: false, issues: [{ path: '', message: `callspec could not check this payload (${what}); this is a callspec bug, please report it with the payload` }] }
    }
  }
}
