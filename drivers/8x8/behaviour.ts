/**
 * Every choice callspec makes where the 8x8 docs are silent, in one object, so a correction is a
 * one-line change. Reasons are in behaviour.md beside this file.
 */
export const BEHAVIOUR = {
  /** VSS path on the app when `vendor.vssPath` is not set. */
  vssPath: '/8x8/vss',
  /** VCS path on the app when `vendor.vcsPath` is set to true. VCS is off unless asked for. */
  vcsPath: '/8x8/vcs',
  /** The subaccount in webhooks when `vendor.subAccountId` is not set. */
  subAccountId: 'callspec_test',
  /** makeCall → the dialled person answers (first leg and bridged leg alike). */
  ringMs: 4_000,
  /** A busy line answers fast. */
  busyAfterMs: 1_000,
  /** Ringing before the platform gives up on an unanswered number. */
  noAnswerAfterMs: 30_000,
  /**
   * SIP status of a leg: answered, busy, not answered, cancelled (RFC 3261, 8x8's SIP response
   * codes).
   */
  sip: { answered: 200, busy: 486, noAnswer: 480, canceled: 487, error: 500 },
  /** TTS speaks about 150 words a minute at speed 1. */
  ttsMsPerWord: 400,
  minPromptMs: 600,
  /** Length of a playFile when the test does not say (vendor option audioDurationsMs). */
  defaultAudioMs: 3_000,
  /**
   * playFile: redirects callspec follows on a download (301, 302, 303, 307, 308), to the app's own
   * hosts. 8x8 documents nothing about them: a media fetcher most plausibly follows a few, as
   * browsers and HTTP clients do (curl's and Go's defaults are 50 and 10). Inferred.
   */
  maxFileRedirects: 5,
  /** playFile: the documented size limit, 5120 KB. */
  maxFileBytes: 5_120 * 1024,
  /** Content types accepted as mp3 or wav: the registered ones and the aliases servers still send. */
  audioTypes: ['audio/mpeg', 'audio/mp3', 'audio/x-mp3', 'audio/mpeg3', 'audio/x-mpeg', 'audio/x-mpeg-3', 'audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave'] as readonly string[],
  /**
   * Extensions that name a format other than mp3 or wav: a playFile URL off the app ending in one is
   * rule 8x8/file-extension. Other audio and video formats, and the text ones a wrong link serves.
   */
  otherFormatExtensions: ['ogg', 'oga', 'opus', 'm4a', 'm4b', 'aac', 'mp4', 'flac', 'webm', 'wma', 'aif', 'aiff', 'amr', '3gp', 'mid', 'midi', 'txt', 'html', 'htm', 'json', 'xml', 'pdf'] as readonly string[],
  /**
   * Where a VCA carries the captured digits. 8x8's sources disagree: the published VCA sample
   * nests them (`payload.eventData.dtmf`); the VCA field table lists `dtmf` flat, and 8x8's own
   * IVR sample server reads `payload.dtmf`. Inferred: callspec sends both (nested always, flat while this is true), so an app written
   * after any of the three works (as EnableX's `digit` / `digits`); `vendor.flatDtmf: false`
   * sends only the sample's nested one. Before, the flat one was sent only with `flatDtmf: true`,
   * and an app reading it got nothing, said by no warning (audit h172 F2).
   */
  flatDtmf: true,
  /**
   * What the platform does when a callflow runs out with neither hangup nor sayAndCapture, with a
   * VCA webhook configured. Not documented: 8x8 sends the VCA "when an action completes and the
   * platform needs the next step, notably after sayAndCapture" and on a received call, and its
   * callStatus for it is the generic ACTION_COMPLETED; the docs' sessions end with hangup or a
   * party's hang-up. Inferred: 'ask' (a VCA ACTION_COMPLETED without eventData, a note in the
   * transcript saying so); 'end' (the session ends, COMPLETED, as with no VCA webhook) is the other
   * reading, `vendor.ranOut`.
   */
  ranOut: 'ask' as 'ask' | 'end',
  /**
   * sayAndCapture defaults: the guide's, not the OpenAPI's (8x8's sources disagree). minDigits has no guide default.
   */
  capture: { minDigits: 1, maxDigits: 25, overallTimeoutMs: 30_000, noOfTries: 3, completeOnHash: true },
  /**
   * The OpenAPI's defaults where they differ from the guide's (above). Not applied: a capture that
   * leaves one out gets a transcript note naming the default callspec applied and the OpenAPI's,
   * since under the OpenAPI's the same capture would end sooner or take fewer digits. Inferred
   * (audit h172 F8: callspec took the guide's without a word).
   */
  captureOpenApi: { maxDigits: 1, overallTimeoutMs: 5_000, noOfTries: 1 },
  /** callQuality reported for every connected leg in the VSS. */
  callQuality: { mos: 4.5, packetLossRate: 0, jitter: 20 },
  /** Virtual number reference id reported for the app's number (`sourceRefId` / `destinationRefId`). */
  refId: (number: string) => `vn-${number.replace(/^\+/, '')}`,
  /**
   * The speech profiles 8x8's pages show by name (8x8's speech profiles reference): not the
   * vendor's full list, so a profile outside it only warns (rule 8x8/voice-profile-listed,
   * inferred) unless `vendor.voiceProfiles` is set.
   */
  voiceProfiles: [
    'en-US-ZiraRUS', 'en-US-BenjaminRUS', 'en-IE-EmilyNeural', 'en-GB-Emma', 'en-US-Neural2-C', 'en-US-Standard-A',
    'da-DK-Naja', 'ar-EG-Hoda', 'ar-EG-SalmaNeural', 'ar-EG-ShakirNeural', 'ar-SA-Naayf', 'ar-SA-HamedNeural',
    'ar-SA-ZariyahNeural', 'bg-BG-Ivan', 'bg-BG-BorislavNeural', 'ca-ES-AlbaNeural', 'ca-ES-EnricNeural',
    'ca-ES-HerenaRUS', 'ca-ES-JoanaNeural', 'zh-TW-HsiaoChenNeural', 'zh-TW-HsiaoYuNeural', 'zh-TW-Yating',
    'zh-TW-YunJheNeural', 'zh-TW-Zhiwei', 'zh-CN-Yaoyao-Apollo', 'zh-CN-Kangkang', 'zh-CN-XiaohanNeural',
    'zh-CN-XiaoxiaoNeural', 'zh-CN-XiaoxuanNeural',
  ] as readonly string[],
  /** Country of a number by its calling code, longest prefix first; unknown → 'ZZ'. */
  countries: [
    ['1', 'US'], ['44', 'GB'], ['65', 'SG'], ['61', 'AU'], ['91', 'IN'], ['94', 'LK'], ['49', 'DE'], ['33', 'FR'],
    ['63', 'PH'], ['60', 'MY'], ['62', 'ID'], ['66', 'TH'], ['852', 'HK'], ['81', 'JP'], ['86', 'CN'], ['886', 'TW'],
    ['353', 'IE'], ['45', 'DK'], ['31', 'NL'], ['34', 'ES'], ['39', 'IT'], ['971', 'AE'], ['966', 'SA'], ['20', 'EG'],
  ] as ReadonlyArray<readonly [string, string]>,
} as const

/** Options of the 8x8 simulation: `callTo(app, { platform: '8x8', vendor: {…} })`. */
export interface EightByEightOptions {
  /** The subaccount the fake API knows; any id matching the documented pattern when unset. */
  subAccountId?: string
  /** The API key the fake API accepts as `Authorization: Bearer <key>`; any non-empty key when unset. */
  apiKey?: string
  /**
   * Where the VCA (call action) webhook goes; default: the flow's `webhookPath` ('/8x8/vca').
   * `null`: no VCA webhook is configured (a voice-messaging subaccount), so a callflow with
   * sayAndCapture is rejected (-1004), a callflow that runs out ends the session (COMPLETED, by the
   * platform, no request to the app; inferred: see behaviour.md), and an inbound call cannot be tested.
   */
  vcaPath?: string | null
  /**
   * When a callflow runs out with neither hangup nor sayAndCapture (a `say` answered to
   * CALL_RECEIVED): 'ask' (default) sends a VCA ACTION_COMPLETED without eventData and runs the
   * answer's callflow; 'end' ends the session, COMPLETED. 8x8 does not document which: its VCA is
   * documented after sayAndCapture and for a received call (see behaviour.md, Running callflows).
   */
  ranOut?: 'ask' | 'end'
  /** Where the VSS (session summary) goes. Default '/8x8/vss'; `null`: not configured, none is sent. */
  vssPath?: string | null
  /** Where VCS (call status) goes: a path, or true for '/8x8/vcs'. Default: not configured, none is sent. */
  vcsPath?: string | true | null
  /**
   * The captured digits go to `payload.eventData.dtmf` (the published VCA sample) and to a flat
   * `payload.dtmf` (the field table, and what 8x8's own sample server reads): 8x8's sources
   * disagree, so callspec sends both by default. `false`: only the nested one, to check an app
   * against the sample's shape alone. (`true` is the default.)
   */
  flatDtmf?: boolean
  /** Speech profiles the subaccount has (-1002 / -2005 for any other). Unset: the documented names, and others only warn. */
  voiceProfiles?: readonly string[]
  /** Whitelisted sources (CLIDs, virtual numbers); any well-formed number when unset (-1014 / -2008 otherwise). */
  allowedSources?: readonly string[]
  /** Destination prefixes without coverage (digits, no `+`): dialling one ends the session with -2004. */
  uncoveredPrefixes?: readonly string[]
  /**
   * Length of audio files in ms, by URL (default 3 s each). A file on a host that is not the app's
   * (a CDN, S3) is not fetched (callspec reaches only the app): this is all callspec knows of it.
   */
  audioDurationsMs?: Record<string, number>
  /**
   * Default true: a session error (an invalid answer, a file that cannot be played, …) fails the
   * flow once the VSS is delivered. false: the session just ends, so a test can assert the VSS.
   */
  failOnSessionError?: boolean
}
