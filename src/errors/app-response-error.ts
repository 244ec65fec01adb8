import { CallspecError } from './callspec-error.js'

/**
 * The app under test answered a webhook with something the platform cannot use:
 * a non-2xx status, HTML, an empty or unparsable body, or nothing at all within the bound.
 */
export class AppResponseError extends CallspecError {
  override name = 'AppResponseError'
}
