/** The shape of each EnableX vendor option's value, checked when a call starts (src/validation/vendor-option-shapes.ts). */
import { flag, millisecondsBy, oneOf, text, texts, type OptionShapes } from '../../src/validation/vendor-option-shapes.js'
import type { EnableXOptions } from './behaviour.js'
import { PlayRequestSchema } from './schemas.js'

export const enableXOptionShapes: OptionShapes<EnableXOptions> = {
  appId: text('the app id the fake API accepts, as text'),
  appKey: text('the app key the fake API accepts, as text'),
  encrypt: flag(),
  numbers: texts('a list of the numbers provisioned to the project, such as ["+14155550100"]'),
  numbersWithoutService: texts('a list of provisioned numbers with no voice service, such as ["+14155550100"]'),
  autoAccept: flag(),
  // The play request's own schema: a wrong field is named as the play command's refusal names it.
  inboundGreeting: PlayRequestSchema,
  menuTerminator: oneOf(['#', '*']),
  promptDurationsMs: millisecondsBy('an object of prompt names to milliseconds, such as { "welcome": 4000 }'),
}
