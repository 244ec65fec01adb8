/**
 * The codes 8x8 documents, with their exact messages. These are vendor facts, not callspec choices:
 * 8x8's Send Callflow status codes (Send Callflow `statusCode`) and its session error codes (VSS
 * `errorDetails.errorCode`), from 8x8's Voice error-code reference pages.
 */

/**
 * Send Callflow status codes (8x8's Send Callflow status codes). `-1013`'s text is the wire
 * sample's (8x8's Send Callflow responses), with its space before the colon. Left out, as no
 * check raises them: -1011 ("Multiple destination phone numbers found in the request"), whose
 * trigger 8x8 does not document (two makeCall to different numbers is the documented bridge, so
 * refusing it would be callspec's guess failing a call as 8x8's), -1016 (which characters are
 * "special" is not documented) and -1018 to -1020 (scenarios, not simulated).
 */
export const STATUS = {
  created: { code: 1, message: 'Created' },
  invalidJson: { code: -1001, message: 'Invalid JSON request body' },
  voiceProfile: { code: -1002, message: 'Speech profile or language parameter invalid' },
  minDigitsWithoutMax: { code: -1003, message: 'Valid maxDigits required when minDigits provided' },
  noVcaWebhook: { code: -1004, message: 'DTMF callback url not provided' },
  digitTimeoutWithoutOverall: { code: -1005, message: 'Valid overallTimeout is required when digitTimeout provided' },
  overallNotGreater: { code: -1006, message: 'OverallTimeout should be greater than digitTimeout' },
  unknownAction: { code: -1007, message: 'Invalid action type' },
  hashOffWithoutMax: { code: -1008, message: 'Valid maxDigits is required when completeOnHash is false' },
  invalidEntry: { code: -1009, message: 'Invalid call flow entry provided.' },
  tooMany: { code: -1010, message: 'Some actions are provided beyond the allowed count' },
  misplacedHangup: { code: -1012, message: 'Invalid Callflow: Incorrect use of action Hangup' },
  firstNotMakeCall: { code: -1013, message: 'Invalid Callflow : First action should be a MakeCall action' },
  sourceNotAllowed: { code: -1014, message: 'Source or caller ID is not allowed' },
  expired: { code: -1015, message: 'The validity period of the call flow request has expired' },
  badDestination: { code: -1017, message: 'Invalid MSISDN format in Destination' },
} as const

/** Session error codes, sent in the VSS `errorDetails` (8x8's session error codes). */
export const SESSION_ERROR = {
  internal: { code: -2001, message: 'An internal error has occurred' },
  connectivity: { code: -2002, message: 'An internal connectivity error has occurred' },
  invalidCallflow: { code: -2003, message: 'The call flow provided is invalid' },
  noCoverage: { code: -2004, message: 'No coverage available for requested area' },
  tts: { code: -2005, message: 'Unable to synthesize text to speech' },
  download: { code: -2006, message: 'Unable to download file for playback' },
  expired: { code: -2007, message: 'The validity period of the call flow request has expired' },
  notWhitelisted: { code: -2008, message: 'The provided source MSISDN or caller ID is not whitelisted' },
  scenario: { code: -2009, message: 'The scenario parameters provided is invalid' },
  trunkCapacity: { code: -2010, message: 'The trunk capacity has been exceeded' },
} as const

export type SessionError = (typeof SESSION_ERROR)[keyof typeof SESSION_ERROR]

/**
 * The action names the -1007 message lists, in the order 8x8's Send Callflow status codes gives
 * them.
 */
export const ACTION_NAMES = ['say', 'sayAndCapture', 'makeCall', 'hangup', 'playFile'] as const
