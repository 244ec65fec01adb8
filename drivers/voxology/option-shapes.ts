/** The shape of each Voxology vendor option's value, checked when a call starts (src/validation/vendor-option-shapes.ts). */
import * as z from 'zod'
import { flag, millisecondsBy, oneOf, text, type OptionShapes } from '../../src/validation/vendor-option-shapes.js'
import type { VoxologyOptions } from './behaviour.js'

const place = z.string({ error: 'text' }).optional()

export const voxologyOptionShapes: OptionShapes<VoxologyOptions> = {
  callbackMethod: oneOf(['POST', 'GET']),
  apiKey: text('the API key the fake REST API accepts, as text'),
  appId: text('the application id callbacks carry, as text'),
  // Any JSON value: custom_data is sent as given.
  customData: z.unknown(),
  audioDurationsMs: millisecondsBy('an object of audio file URLs to milliseconds, such as { "https://example.com/hold.wav": 4000 }'),
  conferenceMs: millisecondsBy('an object of conference names to milliseconds, such as { "sales": 60000 }'),
  numberInfo: z.record(z.string(), z.strictObject({ city: place, region: place, country: place, timezone: place }, { error: 'an object with city, region, country and timezone, each text, each optional' }), {
    error: 'an object of E.164 numbers to their location, such as { "+14155550100": { "city": "San Francisco" } }',
  }),
  queueControlFlow: flag(),
  requireCollectNames: flag(),
  finalCallbackTarget: oneOf(['configured', 'last-redirect']),
  resolveUrl: z.union([z.literal(true), z.custom<(url: string) => string>((value) => typeof value === 'function')], {
    error: 'true, or a function that takes a URL and returns the URL to fetch',
  }),
  collectTimeout: oneOf(['empty-digits', 'no-entry']),
}
