/** The shape of each 8x8 vendor option's value, checked when a call starts (src/validation/vendor-option-shapes.ts). */
import * as z from 'zod'
import { flag, millisecondsBy, oneOf, text, texts, type OptionShapes } from '../../src/validation/vendor-option-shapes.js'
import type { EightByEightOptions } from './behaviour.js'

const pathOrNull = (what: string) => z.union([z.string(), z.null()], { error: what })

export const eightByEightOptionShapes: OptionShapes<EightByEightOptions> = {
  subAccountId: text('the subaccount id, as text'),
  apiKey: text('the API key the fake API accepts, as text'),
  vcaPath: pathOrNull("the VCA webhook's path on the app, such as \"/8x8/vca\", or null for none"),
  ranOut: oneOf(['ask', 'end']),
  vssPath: pathOrNull("the session summary's path on the app, such as \"/8x8/vss\", or null for none"),
  vcsPath: z.union([z.string(), z.literal(true), z.null()], { error: 'the call status path on the app, such as "/8x8/vcs", true for "/8x8/vcs", or null for none' }),
  flatDtmf: flag(),
  voiceProfiles: texts('a list of speech profile names, such as ["en-US-Standard-C"]'),
  allowedSources: texts('a list of the numbers the subaccount may call from, such as ["+6568332048"]'),
  uncoveredPrefixes: texts('a list of destination prefixes (digits, no +), such as ["6591"]'),
  audioDurationsMs: millisecondsBy('an object of audio file URLs to milliseconds, such as { "https://example.com/hold.wav": 4000 }'),
  failOnSessionError: flag(),
}
