import { capture, hangup, makeCall, say } from './apps.js'

const call = makeCall('6512341234', '+6512345678')

/** A Send Callflow body 8x8 accepts. */
export const VALID = { callflow: [call, say('Hello, this is a test Voice Message.'), hangup] }

const flow = (...actions: object[]) => ({ callflow: [call, ...actions] })

/**
 * Every Send Callflow rule the fake API applies with its default options: a label, the body, then
 * the vendor's exact answer (HTTP status, statusCode, statusMessage). §1.2, §5.1.
 */
export const STATUS_CASES: Array<[string, unknown, number, number, string]> = [
  ['minDigits without maxDigits', flow(capture('PIN?', { minDigits: 2 })), 422, -1003, 'Valid maxDigits required when minDigits provided'],
  ['digitTimeout without overallTimeout', flow(capture('PIN?', { digitTimeout: 5000 })), 422, -1005, 'Valid overallTimeout is required when digitTimeout provided'],
  ['overallTimeout below digitTimeout', flow(capture('PIN?', { digitTimeout: 5000, overallTimeout: 3000 })), 422, -1006, 'OverallTimeout should be greater than digitTimeout'],
  ['an unknown action', flow({ action: 'sayandcapture', params: {} }), 400, -1007, '$.callflow[1].action should be one of: say,sayAndCapture,makeCall,hangup,playFile'],
  ['completeOnHash false without maxDigits', flow(capture('PIN?', { completeOnHash: false })), 422, -1008, 'Valid maxDigits is required when completeOnHash is false'],
  ['a say without text', flow({ action: 'say', params: { voiceProfile: 'en-US-ZiraRUS' } }), 400, -1009, 'Invalid call flow entry provided. $.callflow[1].params.text: is missing but it is required'],
  ['text over 3000 characters', flow(say('a'.repeat(3001))), 400, -1009, 'Invalid call flow entry provided. $.callflow[1].params.text: may only be 3000 characters long'],
  ['repetition 4', flow(say('Hi', { repetition: 4 })), 400, -1009, 'Invalid call flow entry provided. $.callflow[1].params.repetition: must have a maximum value of 3'],
  ['repetition as a string', flow(say('Hi', { repetition: '2' })), 400, -1009, 'Invalid call flow entry provided. $.callflow[1].params.repetition: string found, number expected'],
  ['speed 2.5', flow(say('Hi', { speed: 2.5 })), 400, -1009, 'Invalid call flow entry provided. $.callflow[1].params.speed: must have a maximum value of 2'],
  ['maxDigits 26', flow(capture('PIN?', { maxDigits: 26 })), 400, -1009, 'Invalid call flow entry provided. $.callflow[1].params.maxDigits: must have a maximum value of 25'],
  ['a playFile URL that is not http(s)', flow({ action: 'playFile', params: { fileUrl: 'ftp://files.example/a.wav' } }), 400, -1009, 'Invalid call flow entry provided. $.callflow[1].params.fileUrl: does not match the uri pattern'],
  ['callRecording in Send Callflow (two params only)', { callflow: [makeCall('6512341234', '6512345678', { callRecording: true }), hangup] }, 400, -1009, 'Invalid call flow entry provided. $.callflow[0].params.callRecording: is not defined in the schema and the schema does not allow additional properties'],
  ['no callflow', { validUntil: '2099-01-01T00:00:00.000Z' }, 400, -1009, 'Invalid call flow entry provided. $.callflow: is missing but it is required'],
  ['an empty callflow', { callflow: [] }, 400, -1009, 'Invalid call flow entry provided. $.callflow: there must be a minimum of 1 items in the array'],
  ['an array instead of an object', [call], 400, -1009, 'Invalid call flow entry provided. $: array found, object expected'],
  ['three makeCalls', flow(makeCall('6512341234', '6511111111'), makeCall('6512341234', '6522222222')), 422, -1010, 'Some actions are provided beyond the allowed count'],
  ['a first action that is not makeCall', { callflow: [say('Hi'), hangup] }, 422, -1013, 'Invalid Callflow : First action should be a MakeCall action'],
  ['a source that is not a number', { callflow: [makeCall('CityDental', '6512345678'), hangup] }, 422, -1014, 'Source or caller ID is not allowed'],
  ['a validUntil in the past', { ...VALID, validUntil: '2020-01-01T00:00:00.000Z' }, 422, -1015, 'The validity period of the call flow request has expired'],
  ['an invalid destination MSISDN', { callflow: [makeCall('6512341234', '651-ABC'), hangup] }, 422, -1017, 'Invalid MSISDN format in Destination'],
]

/**
 * Rules callspec inferred (8x8 documents the code, not this trigger): a warning by default, the
 * vendor answer below under `strict: true`.
 */
export const INFERRED_CASES: Array<[string, string, unknown, number, number, string]> = [
  ['a typo in a param', '8x8/unknown-keys', flow(capture('PIN?', { maxDigit: 4 })), 400, -1009, 'Invalid call flow entry provided. $.callflow[1].params.maxDigit: is not defined in the schema and the schema does not allow additional properties'],
  ['a hangup before other actions', '8x8/hangup-not-last', flow(hangup, say('Never heard')), 422, -1012, 'Invalid Callflow: Incorrect use of action Hangup'],
  // The docs say not to (the digits would be ignored), not that 8x8 refuses it: the -1012 is callspec's guess.
  ['hangup right after sayAndCapture', '8x8/hangup-after-capture', flow(capture('Press 1'), hangup), 422, -1012, 'Invalid Callflow: Incorrect use of action Hangup'],
  // 8x8 sets a maximum length on TTS texts, not a minimum; strict gives a JSON-schema validator's minLength answer.
  ['a say with empty text', '8x8/empty-text', flow(say('')), 400, -1009, 'Invalid call flow entry provided. $.callflow[1].params.text: must be at least 1 characters long'],
  ['an empty successMessage', '8x8/empty-text', flow(capture('Press 1', { successMessage: '' })), 400, -1009, 'Invalid call flow entry provided. $.callflow[1].params.successMessage: must be at least 1 characters long'],
  // sayAndCapture's repetition is only in the samples; say's documented 1-3 is applied by analogy.
  ['a sayAndCapture repetition of 4', '8x8/capture-repetition', flow(capture('Press 1', { repetition: 4 })), 400, -1009, 'Invalid call flow entry provided. $.callflow[1].params.repetition: must have a maximum value of 3'],
  // 8x8 documents -1003 for a minDigits without maxDigits; that a smaller maxDigits is not "valid" is callspec's reading.
  ['maxDigits below minDigits', '8x8/max-digits-below-min', flow(capture('PIN?', { minDigits: 4, maxDigits: 2 })), 422, -1003, 'Valid maxDigits required when minDigits provided'],
  // callspec knows only the profiles 8x8's pages name; with vendor.voiceProfiles it is the documented -1002 (rest-api.test.ts).
  ['a speech profile 8x8 does not name', '8x8/voice-profile-listed', flow(say('Hi', { voiceProfile: 'en-US-Nobody' })), 422, -1002, 'Speech profile or language parameter invalid'],
]
