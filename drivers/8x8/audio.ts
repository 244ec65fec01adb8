import type { CallContext, Prompt, Scheduled, WireResponse } from '../../src/driver/index.js'
import { AppResponseError, CallspecError, MEMORY_ORIGIN, isStoppedAtCallEnd, NEVER_ANSWERED, TransportError, mediaTypeOf, noCompleteAnswer, notAnsweredWithin, spokenMs, toWaitLonger, type CallspecWait } from '../../src/driver/index.js'
import { BEHAVIOUR, type EightByEightOptions } from './behaviour.js'
import { SESSION_ERROR } from './codes.js'
import { otherFormatExtension } from './file-extension.js'
import type { Action } from './schemas.js'
import { byInferredRule } from '../../src/validation/inferred-lead.js'

export type { Scheduled }

/** How long TTS takes to say `text` at `speed` (1 = normal). */
export function ttsMs(text: string, speed = 1): number {
  return Math.round(spokenMs(text, BEHAVIOUR.ttsMsPerWord, BEHAVIOUR.minPromptMs) / speed)
}

/**
 * Lays one prompt end to end `repetition` times from `start`. Each slot is `start + i × ms`, not a
 * running sum as in the core's schedulePrompts: the two can differ by a rounding step for
 * fractional lengths (vendor.audioDurationsMs), and timings must not move.
 */
export function repeat(prompt: Prompt, ms: number, repetition: number, start: number): Scheduled[] {
  // A loop, not Array.from({ length }): its generic array-like path showed in 8x8 profiles (stub A/B: -2 to -3 µs a call).
  const out: Scheduled[] = []
  for (let i = 0; i < repetition; i++) out.push({ prompt, start: start + i * ms, end: start + (i + 1) * ms })
  return out
}

export const speech = (text: string): Prompt => ({ kind: 'speech', text })

/** What an action plays, for its line in the transcript. */
export function promptsOf(action: Action): Prompt[] {
  switch (action.action) {
    // An empty text (allowed at warn, rule 8x8/empty-text) says nothing.
    case 'say':
      return action.params.text === '' ? [] : [speech(action.params.text)]
    case 'sayAndCapture':
      return action.params.promptMessage === '' ? [] : [speech(action.params.promptMessage)]
    case 'playFile':
      return [{ kind: 'audio', text: action.params.fileUrl }]
    default:
      return []
  }
}

/** Hosts that name this machine: an in-process app is reached at them too (its PUBLIC_URL in a test). */
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]']

/**
 * The hosts whose files are the app's own: the host the call's webhooks go to (`appOrigin`: an
 * app by URL, its URL's; an in-process app, callspec's in-memory host or its loopback one, and
 * then `localhost` and `127.0.0.1` too), and the host of each webhook configured by absolute URL
 * (`vendor.vcaPath: 'https://ivr.example/8x8/vca'`: callspec sends that webhook to the app, so the
 * app answers for that host). Ports are not compared: callspec reaches one server, the app.
 */
export function appHosts(appOrigin: string, webhookTargets: ReadonlyArray<string | null>): Set<string> {
  const origin = new URL(appOrigin)
  const hosts = new Set([origin.hostname])
  if (appOrigin === MEMORY_ORIGIN || LOOPBACK.includes(origin.hostname)) for (const host of LOOPBACK) hosts.add(host)
  for (const target of webhookTargets) if (target && /^https?:\/\//i.test(target)) hosts.add(new URL(target).hostname)
  return hosts
}

/**
 * Whether callspec downloads `fileUrl` from the app under test (and checks it: status, size, type).
 * The one place this is decided. callspec reaches nothing but the app under test (fetchFromApp
 * keeps only the path), and has no network to a CDN or S3, nor should a test depend on one; so a
 * file is downloaded only when the app serves it: a relative URL, or one on a host the call's
 * webhooks go to (appHosts). A file on any other host is played unfetched: callspec's limit, not
 * 8x8's rule (8x8 downloads from anywhere, 8x8's playFile reference). The schema refuses a relative
 * fileUrl first (http(s) only); it is the app's own here so that the rule stays whole.
 */
export function servedByApp(fileUrl: string, hosts: ReadonlySet<string>): boolean {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(fileUrl)) return true
  let url: URL
  try {
    url = new URL(fileUrl)
  } catch {
    return false
  }
  return hosts.has(url.hostname)
}

/**
 * Why a file cannot be played: `problem` for the transcript and the session error, `thrown` the
 * failure to report when the reason is callspec's inference, `stopped` when the call ended while
 * the file was on its way (nothing to play, no session to end).
 */
export interface FileProblem {
  problem: string
  thrown?: Error
  stopped?: true
}

/**
 * The audio files of one session: the app's own (servedByApp) are downloaded from the app the first
 * time they are played, others are not fetched; either way the length is kept (the vendor caches
 * files for an hour, 8x8's playFile reference).
 */
export class AudioFiles {
  readonly #lengths = new Map<string, number>()
  /** Computed at the first playFile: most calls play none. */
  #hosts: Set<string> | undefined

  constructor(
    private readonly ctx: CallContext,
    private readonly options: EightByEightOptions,
    /** The webhook paths or URLs of the session (VCA, VSS, VCS): an absolute one names the app's host. */
    private readonly webhookTargets: ReadonlyArray<string | null>,
  ) {}

  /** The file is the app's and not downloaded yet this session: playing it fetches it first (length). */
  downloads(url: string): boolean {
    if (this.#lengths.has(url)) return false
    return servedByApp(url, (this.#hosts ??= appHosts(this.ctx.appOrigin, this.webhookTargets)))
  }

  /**
   * The file's length, or why it cannot be played: `problem` for the transcript and the session
   * error, and `thrown`, the failure to report, when the reason is callspec's inference (rule
   * 8x8/file-type at error) rather than a documented download failure.
   */
  async length(url: string): Promise<{ ms: number } | FileProblem> {
    let ms = this.#lengths.get(url)
    if (ms === undefined) {
      const hosts = (this.#hosts ??= appHosts(this.ctx.appOrigin, this.webhookTargets))
      ms = this.options.audioDurationsMs?.[url] ?? BEHAVIOUR.defaultAudioMs
      const problem = servedByApp(url, hosts) ? await this.#download(url, hosts, ms) : this.#notFetched(url, url, hosts, ms)
      if (problem) return problem
      this.#lengths.set(url, ms)
    }
    return { ms }
  }

  /**
   * A file callspec does not fetch whose URL ends in another format's extension (`.ogg`, `.m4a`):
   * rule 8x8/file-extension, inferred (8x8 documents mp3 or wav, not how it tells a file's format).
   * At warn a warning, and the file plays unchecked as any file off the app; at error the refusal.
   */
  #namesOtherFormat(url: string): { problem: string; thrown: Error } | undefined {
    const extension = otherFormatExtension(url)
    if (extension === undefined) return undefined
    const { code, message } = SESSION_ERROR.download
    const named = `${url} ends in .${extension}, not .mp3 or .wav`
    const inference = `${named}: 8x8 plays mp3 or wav files, so it most likely cannot play this one; callspec does not fetch a file off the app to tell, and plays it unchecked`
    if (!this.ctx.breaks(FILE_EXTENSION_RULE, `${inference} (a strict run answers ${code} ${message})`)) return undefined
    return this.#inferredRefusal(named, FILE_EXTENSION_RULE)
  }

  /**
   * A file callspec refuses by a rule it inferred (8x8/file-type, 8x8/file-extension, at error): the
   * session ends with -2006, and the failure says that is callspec's inference, not 8x8's answer.
   */
  #inferredRefusal(problem: string, rule: FileRule): { problem: string; thrown: Error } {
    const { tag, sourceLine } = this.ctx.rules.breach(rule)!
    const { code, message } = SESSION_ERROR.download
    const thrown = new CallspecError(
      `callspec failed the call ${byInferredRule('8x8', this.ctx.rules, [rule])}: ` +
        `${problem}, so the session ends with ERROR ${code} (${message}), callspec's inference ` +
        `(8x8 documents mp3 or wav files and ${code} for a failed download, not how it tells a file's format) (${tag}).\n${sourceLine}\n` +
        'Set vendor.failOnSessionError: false to let the session end and assert on the session summary instead.',
    )
    return { problem: `${problem} (${tag})`, thrown }
  }

  /**
   * A file callspec does not fetch (`at`, off the app; `url` is the playFile's, whose length it
   * plays for): checked by its URL only, and noted.
   */
  #notFetched(url: string, at: string, hosts: ReadonlySet<string>, ms: number): { problem: string; thrown: Error } | undefined {
    const refused = this.#namesOtherFormat(at)
    if (refused) return refused
    const length = this.options.audioDurationsMs?.[url] === undefined ? `the default ${ms} ms (set vendor.audioDurationsMs to change it)` : `${ms} ms (vendor.audioDurationsMs)`
    this.ctx.note(`${at} not fetched: callspec reaches only the app under test (${[...hosts].join(', ')}), so it cannot check this file; it plays for ${length}`)
    return undefined
  }

  /**
   * Fetches the file from the app under test, following its redirects (BEHAVIOUR.maxFileRedirects,
   * inferred: 8x8 documents nothing about them); why it cannot be played, if it cannot. A redirect
   * off the app is a file callspec does not fetch. Measured (audit h154 G11): a 302 to
   * /static/hold-v2.wav ended -2006 "answered HTTP 302", said as 8x8's.
   */
  async #download(url: string, hosts: ReadonlySet<string>, ms: number): Promise<FileProblem | undefined> {
    const chain = [url]
    for (;;) {
      const at = chain.at(-1)!
      const got = await this.#fetch(at)
      if ('problem' in got) return chain.length > 1 ? { ...got, problem: `${got.problem} (${REDIRECTS_INFERRED})` } : got
      const { response } = got
      const location = REDIRECT_STATUSES.has(response.status) ? response.headers.location : undefined
      if (location === undefined) return this.#check(chain, response)
      let next: string
      try {
        next = new URL(location, at).href
      } catch {
        return { problem: `GET ${chain.join(' → ')} answered HTTP ${response.status} to ${JSON.stringify(location)}, which is no URL (${REDIRECTS_INFERRED})` }
      }
      if (chain.includes(next)) return { problem: `GET ${url} redirects in a loop: ${[...chain, next].join(' → ')}, so no file comes (${REDIRECTS_INFERRED})` }
      if (chain.length > BEHAVIOUR.maxFileRedirects) {
        return { problem: `GET ${url} redirects more than ${BEHAVIOUR.maxFileRedirects} times: ${[...chain, next].join(' → ')} (${REDIRECTS_INFERRED})` }
      }
      this.ctx.note(`GET ${at} answered HTTP ${response.status} to ${next}: followed (${REDIRECTS_INFERRED})`)
      if (!servedByApp(next, hosts)) return this.#notFetched(url, next, hosts, ms)
      chain.push(next)
    }
  }

  /** One GET of the download, or why it failed. */
  async #fetch(url: string): Promise<{ response: WireResponse } | FileProblem> {
    try {
      return { response: (await this.ctx.fetchFromApp(url)).response }
    } catch (error) {
      // The call ended while the file was on its way (the caller hung up): callspec stopped the GET
      // there (CallSession.fetchFromApp), and nothing is played.
      if (isStoppedAtCallEnd(error)) return { problem: `GET ${url} was stopped: the call ended`, stopped: true }
      // An answer the app's own timers held back past the platform's patience, failed by rule
      // 8x8/answer-in-time (callspec's inference: 8x8 documents no download deadline): that
      // failure, not a session error 8x8 documents.
      if (error instanceof AppResponseError) return { problem: `GET ${url}: ${error.message}`, thrown: error }
      // callspec's own real-time wait ran out (an app by URL slower than limits.responseTimeoutMs):
      // no deadline 8x8 documents, so no -2006 of 8x8's either (audit h154 G5).
      if (error instanceof TransportError && error.wait) throw waitRanOut(url, error, error.wait)
      // The same words a webhook's failure has (transport/exchange.ts); its closing period is the sentence's, not the cause's.
      return { problem: `GET ${url} failed: ${(error as Error).message.replace(/\.$/, '')}` }
    }
  }

  /** Checks the file the download ended on (`chain`: the playFile's URL, then each redirect's): why it cannot be played, if it cannot. */
  #check(chain: readonly string[], response: WireResponse): { problem: string; thrown?: Error } | undefined {
    const url = chain.at(-1)!
    // A failure after a redirect names the chain, and rests on following it: callspec's inference.
    const redirected = chain.length > 1
    const found = fileProblem(redirected ? chain.join(' → ') : url, response)
    if (redirected && found && !found.rule) found.problem = `${found.problem} (${REDIRECTS_INFERRED})`
    if (found?.rule) {
      // callspec cannot tell whether 8x8 plays it (rule 8x8/file-type, inferred): a warning, and the file plays, unless the rule is an error.
      // Not "8x8 ended the session": that 8x8 refuses such a file is callspec's inference, and the failure says so.
      if (this.ctx.breaks(found.rule, `${found.problem}: callspec plays it`)) return this.#inferredRefusal(found.problem, found.rule)
    } else if (found?.format) {
      // Not mp3 or wav by its bytes (documented: playFile plays mp3 or wav); which error code 8x8
      // gives such a file is not documented: -2006 is the one it documents for a file it cannot use.
      const { code, message } = SESSION_ERROR.download
      const thrown = new CallspecError(
        `${found.problem}: 8x8 plays mp3 or wav files, so the session ends with ERROR ${code} (${message}); that code is callspec's inference ` +
          `(8x8 documents ${code} for a failed download, not what a file in another format gets).\n` +
          'Set vendor.failOnSessionError: false to let the session end and assert on the session summary instead.',
      )
      return { problem: found.problem, thrown }
    } else if (found) {
      return { problem: found.problem }
    }
    this.ctx.note(`downloaded ${url} (${response.headers['content-type'] ?? 'no content-type'})`)
    return undefined
  }
}

/**
 * A download callspec stopped waiting for: its own wait (limits.responseTimeoutMs), which it cannot
 * stretch in real time, not 8x8's, which documents none. Said as that, and how to wait longer; the
 * file then comes and is judged by rule 8x8/answer-in-time (inferred), as in process.
 */
function waitRanOut(url: string, error: TransportError, wait: CallspecWait): AppResponseError {
  const nothing = `${noCompleteAnswer(wait)}: ${NEVER_ANSWERED}.`
  const what = error.message === nothing ? `${notAnsweredWithin(wait)}.` : `${error.message} That wait is callspec's (${wait.source}; ${toWaitLonger(wait)}).`
  return new AppResponseError(
    `callspec stopped waiting for the app's playFile file GET ${url}: ${what} ` +
      "8x8 documents no deadline for a playFile download, so this is callspec's limit, not an 8x8 session error (-2006): with a longer wait the file is taken, " +
      'and one slower than the time callspec assumes the platform waits is a warning of the inferred rule 8x8/answer-in-time.',
  )
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])
const REDIRECTS_INFERRED = `8x8 documents nothing about redirects on a download: that callspec follows them, up to ${BEHAVIOUR.maxFileRedirects}, is its inference`

type FileRule = '8x8/file-type' | '8x8/file-extension'
const FILE_EXTENSION_RULE = '8x8/file-extension'

/** Types servers send when they do not know the file's: its first bytes decide. */
const GENERIC_TYPES = ['', 'application/octet-stream', 'binary/octet-stream']

/**
 * A file that is recognisably neither mp3 nor wav by its first bytes: a web page (a login or error
 * page served in the audio's place), JSON, an Ogg or FLAC file. Not a Content-Type question: no mp3
 * frame starts like these (an untagged mp3 starts with a frame header, 0xFF…).
 */
function otherFormatOf(body: string): string | undefined {
  const start = body.trimStart()
  if (/^<(!doctype|html|\?xml|[a-z]+[\s>])/i.test(start)) return 'an HTML or XML page'
  if (/^[[{]/.test(start)) return 'JSON'
  if (body.startsWith('OggS')) return 'an Ogg file'
  if (body.startsWith('fLaC')) return 'a FLAC file'
  return undefined
}

/** What a file's first bytes look like: a WAV (RIFF/WAVE header), an ID3-tagged mp3, or neither (undefined). */
function formatOf(body: string): string | undefined {
  if (body.startsWith('RIFF') && body.slice(8, 12) === 'WAVE') return 'a WAV file'
  if (body.startsWith('ID3')) return 'an ID3-tagged mp3'
  return undefined
}

/**
 * Why a downloaded file cannot be played, or undefined when it can. Documented (8x8's playFile
 * reference: mp3 or wav, at most 5120 KB, a failed download is -2006): a non-2xx answer, an empty
 * body, over 5120 KB; the size is the Content-Length the app sent (the body reaches callspec as
 * text). Everything about the format is the inferred rule `8x8/file-type`, since 8x8 documents mp3
 * and wav, not how it recognises them: an mp3 or wav Content-Type plays; a generic one
 * (application/octet-stream, none) plays when the first bytes look like a WAV or an ID3-tagged mp3;
 * any other type (text/plain, audio/vnd.wav) and a file that does not start like either (an
 * untagged mp3 cannot be told from other bytes) break the rule, which plays them at warn. A file
 * whose bytes are recognisably another format (an HTML page, JSON, Ogg, FLAC) is no mp3 or wav as
 * documented: it fails (-2006, a code the message says is callspec's inference), unless its
 * Content-Type is mp3 or wav.
 */
export function fileProblem(url: string, response: WireResponse): { problem: string; rule?: '8x8/file-type'; format?: string } | undefined {
  const fail = (problem: string) => ({ problem })
  if (response.status < 200 || response.status > 299) return fail(`GET ${url} answered HTTP ${response.status}`)
  const declared = Number(response.headers['content-length'])
  const size = Number.isFinite(declared) && response.headers['content-length'] !== undefined ? declared : Buffer.byteLength(response.body)
  if (size === 0) return fail(`GET ${url} answered an empty body`)
  if (size > BEHAVIOUR.maxFileBytes) return fail(`${url} is ${Math.ceil(size / 1024)} KB; the limit is ${BEHAVIOUR.maxFileBytes / 1024} KB`)
  const type = mediaTypeOf(response.headers['content-type'])
  if (BEHAVIOUR.audioTypes.includes(type)) return undefined
  const format = formatOf(response.body)
  // Neither mp3 nor wav by its bytes, whatever its type: the documented format requirement fails.
  const other = format ? undefined : otherFormatOf(response.body)
  if (other) return { problem: `${url} is not mp3 or wav: it is ${other} (Content-Type: ${type || 'none'})`, format: other }
  const generic = GENERIC_TYPES.includes(type)
  if (format && generic) return undefined
  const rule = '8x8/file-type'
  if (format) return { problem: `${url} is served as ${type}, not a type callspec knows as mp3 or wav, though it starts like ${format}`, rule }
  return {
    problem: `${url} is served as ${type || 'no content type'} and does not start like a WAV file or an ID3-tagged mp3 (an mp3 without an ID3 tag cannot be told from other bytes)`,
    rule,
  }
}
