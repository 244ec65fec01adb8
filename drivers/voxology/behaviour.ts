/**
 * Every choice callspec makes where the Voxology docs are silent, in one object, so a correction is
 * a one-line change. Reasons are in behaviour.md beside this file; each comment names the Voxology
 * source it follows, or says the choice is inferred.
 */
export const BEHAVIOUR = {
  /**
   * `type` of each callback: only `init_call` is documented (the callback sample in Voxology's Call
   * Flow Loop docs).
   */
  callbackTypes: {
    first: 'init_call',
    redirect: 'redirect',
    scriptEnd: 'script_end',
    final: 'call_end',
  },
  /** Callback method when the flow does not say (vendor.callbackMethod). */
  callbackMethod: 'POST',
  /**
   * REDIRECT without `params.method`: POST, as in every sample (Voxology's REDIRECT tutorial
   * sample).
   */
  redirectMethod: 'POST',
  /** `status` of the callbacks: `live-in-progress` while live (documented), then per outcome. */
  status: { live: 'live-in-progress', completed: 'completed', busy: 'busy', noAnswer: 'no-answer' },
  /** `detection`: `live_person` is documented; the answering-machine value is not. */
  detection: { person: 'live_person', machine: 'answering_machine', unknown: 'unknown' },
  /**
   * Actions one script may execute without virtual time passing before callspec stops it as an
   * endless GOTO loop (callspec's bound: Voxology documents none). A wait that takes time (a
   * prompt, a COLLECT, a bridge) starts the count again; such loops are bounded by limits.maxVirtualMs.
   */
  maxActionsPerScript: 1_000,
  /**
   * The call log's `charge.total` per billed minute (`connect_time_billed` × this). Inferred from
   * the one sample record the docs show (third-party: 0.1 minute billed, 0.0015 charged); no
   * price list is published, and the real rate depends on the account.
   */
  chargePerMinute: 0.015,
  /** Callbacks in a row whose scripts took no time and waited for nothing: an app ping-ponging. */
  maxCallbacksWithoutProgress: 20,
  /** COLLECT `timeout` default (ms): not documented; the docs' examples use 3000 and 5000. */
  collectTimeoutMs: 5_000,
  /**
   * A COLLECT timeout below this looks like seconds written as milliseconds: a warning (rule
   * voxology/collect-timeout, inferred: the docs set no minimum), and it still runs as milliseconds.
   */
  minCollectTimeoutMs: 100,
  /** COLLECT without `finish_on_key`: no key ends collection (only num_digits or the timeout). */
  defaultFinishKey: undefined as string | undefined,
  /**
   * `finish_on_key` words → keys: `pound` is documented, `star` by analogy (with a warning). A
   * single key (`#`, as a third-party sample writes it) is itself; another word ends nothing.
   */
  finishKeyWords: { pound: '#', star: '*' } as Record<string, string>,
  /**
   * Make-call `max_call_time` is read as milliseconds (the docs give no unit; their one example is
   * 60000). Rule voxology/max-call-time-unit, inferred, enforces it as ms only at error; at warn
   * the call goes on past it with a warning, at off nothing is said. Under this value (a call of
   * less than 10 s as ms; 300 would cut a call at 0.3 s, or allow 5 min as seconds) the reading is
   * implausible, and at warn the make-call request is warned of at once, naming both readings (one
   * warning per call: the call then has no time limit).
   */
  minPlausibleMaxCallTimeMs: 10_000,
  /** Make-call `timeout` (seconds) default: how long an unanswered outbound call rings. */
  ringTimeoutS: 30,
  /** Outbound: ringing before the callee answers. */
  outboundRingMs: 4_000,
  /** A busy line answers fast (outbound, DIAL). */
  busyAfterMs: 1_000,
  /** DIAL: ringing before the dialled party answers. */
  dialRingMs: 3_000,
  /** CONFERENCE: how long the caller stays before the conference ends (vendor.conferenceMs). */
  conferenceMs: 60_000,
  /** RECORD: longest recording when no key ends it. */
  recordMaxMs: 30_000,
  /** TTS speaks about 150 words a minute. */
  ttsMsPerWord: 400,
  minPromptMs: 600,
  /** Length of a PLAY file when the test does not say (vendor.audioDurationsMs). */
  defaultAudioMs: 3_000,
  /** How long the caller takes to say a word (RECORD). */
  speechMsPerWord: 350,
  /** A `${…}` template whose variable has no value is spoken as this (not documented; rule voxology/templates warns). */
  missingTemplateValue: '',
  /**
   * Actions Voxology names without documenting their parameters, accepted but not simulated (named
   * without parameters in Voxology's API reference).
   */
  notSimulated: ['QUEUE', 'DETECT'] as readonly string[],
  /** Lookup data for the callback's `*_city/_region/_country/_timezone` fields, by NANP area code. */
  areaCodes: {
    '212': { city: 'New York', region: 'NY', country: 'US', timezone: 'America/New_York' },
    '206': { city: 'Seattle', region: 'WA', country: 'US', timezone: 'America/Los_Angeles' },
    '312': { city: 'Chicago', region: 'IL', country: 'US', timezone: 'America/Chicago' },
    '415': { city: 'San Francisco', region: 'CA', country: 'US', timezone: 'America/Los_Angeles' },
    '512': { city: 'Austin', region: 'TX', country: 'US', timezone: 'America/Chicago' },
    '714': { city: 'Anaheim', region: 'CA', country: 'US', timezone: 'America/Los_Angeles' },
    '949': { city: 'Newport Beach', region: 'CA', country: 'US', timezone: 'America/Los_Angeles' },
  } as Record<string, NumberInfo>,
  sipDomain: (account: string) => `${account}.accounts.sip.voxolo.gy`,
} as const

/**
 * Location fields of one number in a callback (the callback sample in Voxology's Call Flow Loop
 * docs).
 */
export interface NumberInfo {
  city?: string
  region?: string
  country?: string
  timezone?: string
}

/** Options of the Voxology simulation: `callTo(app, { platform: 'voxology', vendor: {…} })`. */
export interface VoxologyOptions {
  /**
   * How callbacks are sent: POST with a JSON body (default) or GET with query parameters
   * (Voxology's Call Flow Loop docs, Callback Request).
   */
  callbackMethod?: 'POST' | 'GET'
  /** The API key the fake REST API accepts in `x-api-key`; any non-empty key when unset. */
  apiKey?: string
  /** The application id in callbacks (default: a seeded UUID). */
  appId?: string
  /** `custom_data` of every callback (default null; the docs do not say what fills it). */
  customData?: unknown
  /** Length of PLAY files in ms, by URL (default 3 s each). */
  audioDurationsMs?: Record<string, number>
  /** How long the caller stays in a CONFERENCE, by conference name (default 60 s). */
  conferenceMs?: Record<string, number>
  /** Location fields for numbers, by E.164 number (default: a few NANP area codes). */
  numberInfo?: Record<string, NumberInfo>
  /**
   * Queue IF, GOTO, LABEL and SESSIONDATA for `expectAction` too. Default false: the platform
   * runs its own control flow, which shows in the transcript as notes (`· LABEL MENU`), and
   * `expectAction('LABEL')` does not see it; tests expect only what the caller meets.
   */
  queueControlFlow?: boolean
  /** Scripts with two or more COLLECTs must name each one (default true: a warning, rule voxology/collect-names). */
  requireCollectNames?: boolean
  /**
   * Where the final callback goes after a REDIRECT: `'configured'` (default), the number's callback
   * URL and method, where a script that runs out starts over; `'last-redirect'`, the url and method
   * of the call's last REDIRECT. The docs name the configured URL "or the URL of the last REDIRECT"
   * as a callback's target and do not say which the final one uses [inferred]: unset, a final
   * callback after a REDIRECT elsewhere carries a transcript note saying so.
   */
  finalCallbackTarget?: 'configured' | 'last-redirect'
  /**
   * REDIRECT urls that are relative (`/game`) or hold a placeholder host (`YOUR HOST URL/game`)
   * go to the app under test: `true` takes the path after the first slash; a function maps each
   * url (return a path or an absolute URL). Default: such a url goes to the app under test as
   * with `true`, with a warning (rule voxology/redirect-url, inferred: the docs show only absolute
   * urls); setting the option silences it. The host of an absolute url is replaced by the app
   * under test in any case.
   */
  resolveUrl?: true | ((url: string) => string)
  /**
   * What a COLLECT that timed out with no key sends in the next callback's `key_presses`, which
   * the docs do not say: 'empty-digits' (default) adds `{ name, digits: "" }`; 'no-entry' adds
   * nothing, so an app that checks `key_presses.length` reaches its missing-input branch.
   */
  collectTimeout?: 'empty-digits' | 'no-entry'
}
