import { CallspecError } from './callspec-error.js'

/**
 * The app under test answered a webhook with something the platform cannot use:
 * a non-2xx status, HTML, an empty or unparsable body, or nothing at all within the bound.
 */
export class AppResponseError extends CallspecError {
  override name = 'AppResponseError'
}

/**
 * The app answered, later than the platform waits (rule `<platform>/answer-in-time`): what it
 * said was never the problem, so no hint reads the answer's body as another platform's (an
 * EnableX acknowledgement carries nothing, and a late one was asked whether `platform` was right:
 * helper-137).
 */
export class LateAnswerError extends AppResponseError {}
