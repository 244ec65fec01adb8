/** The shape of each Webex Connect vendor option's value, checked when a call starts (src/validation/vendor-option-shapes.ts). */
import { flag, millisecondsBy, oneOf, text, type OptionShapes } from '../../src/validation/vendor-option-shapes.js'
import type { WebexOptions } from './behaviour.js'
import { onFirstUse } from '../../src/utils/on-first-use.js'

/** Built on first use: a call checks them only when given vendor options. */
export const webexOptionShapes = onFirstUse((): OptionShapes<WebexOptions> => ({
  audioDurationsMs: millisecondsBy('an object of audio URLs (or mediaIds) to milliseconds, such as { "https://example.com/hold.wav": 4000 }'),
  failureEvent: oneOf(['action-event', 'FAILURE']),
  patchedEvents: oneOf(['connect-and-end', 'end']),
  legacyPlayInput: flag(),
  serviceKey: text('the service key the fake REST API accepts, as text'),
  requireIdempotencyKey: flag(),
}))
