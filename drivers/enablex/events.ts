import type { CallContext, Delivery, WireResponse } from '../../src/driver/index.js'
import { AppResponseError, describeExchange, readJson } from '../../src/driver/index.js'
import { BEHAVIOUR, type EnableXOptions } from './behaviour.js'
import { encryptEvent } from './encryption.js'
import type { SentEvent } from './last-event.js'
import { EnableXApi } from './rest-api.js'
import { eventName, summarizeEvent } from './summaries.js'
import { ruleFailure } from '../../src/validation/inferred-lead.js'

/** A number as EnableX writes it in events and answers (the samples: digits without `+`). */
export const plain = (n: string) => (BEHAVIOUR.plusInNumbers ? n : n.replace(/^\+/, ''))
const isOk = (status: number) => status >= 200 && status < 300

/**
 * The call's events on the wire (EnableX's Voice API events): each carries voice_id, the
 * make-call's owner_ref and a timestamp, encrypted when webhook security is on (EnableX's Secure
 * Webhooks guide). The app acts through the REST API, so its answer carries nothing, but it must be
 * a 2xx.
 */
export class Events {
  /**
   * The event URL: the webhook path, or the make-call's event_url. None for a make-call without one
   * (rule enablex/make-call-without-event-url): the call's events go nowhere, each noted as not sent.
   */
  target: string | undefined
  /** The target is the app's own make-call's event_url, not callspec's webhook path: a 404 there asks about it. */
  fromMakeCall = false
  /**
   * The make-call's owner_ref, echoed in every event of the call (EnableX's call progress events).
   * [inferred]
   */
  ownerRef: string | undefined
  /** The last event sent, for the failure of a call left waiting on the app. */
  last = 'call started (no event sent yet)'
  /** …and its body, which that failure shows (last-event.ts). */
  lastSent: SentEvent | undefined
  /** The app's answer to it: another platform's action there asks whether `platform` is right (call.ts idle). */
  lastAnswer: WireResponse | undefined

  constructor(
    private readonly ctx: CallContext,
    private readonly voiceId: string,
    private readonly options: EnableXOptions,
    private readonly headers: Record<string, string>,
    target: string,
    /** The call is over: an error answer is then only noted. */
    private readonly isOver: () => boolean,
  ) {
    this.target = target
  }

  /**
   * An outbound call's events go where the app's make-call said (its event_url): a 404 to the first
   * is that URL's path, which the app chose, so the failure asks about it, not about webhookPath
   * (helper-132 finding 6: it said only "answered the ringing event with HTTP 404").
   */
  #eventUrlHinted(error: unknown, response: WireResponse, url: string): unknown {
    if (!(error instanceof Error) || !this.fromMakeCall || response.status !== 404 || this.ctx.turn !== 1) return error
    const [head = '', ...rest] = error.message.split('\n')
    error.message = [head, `Hint: is the make-call's event_url right? EnableX posts this call's events to it (${url}), and the app has no route there.`, ...rest].join('\n')
    return error
  }

  /** Posts one event; resolves once the app has answered it. */
  async post(fields: Record<string, unknown>): Promise<void> {
    if (this.target === undefined) {
      this.ctx.note(`${eventName(fields)} not sent: the make-call had no event_url`)
      return
    }
    // Built key by key, not spread: this runs for every event, and spread showed in profiles.
    const event: Record<string, unknown> = { voice_id: this.voiceId }
    for (const key in fields) event[key] = fields[key]
    if (this.ownerRef !== undefined) event.owner_ref = this.ownerRef
    event.timestamp = this.ctx.clock.iso()
    const name = eventName(fields)
    const sealed = this.options.encrypt ? encryptEvent(event, this.options.appId!) : undefined
    this.last = `"${name}" event (turn ${this.ctx.turn + 1})`
    this.lastSent = { name, turn: this.ctx.turn + 1, body: event, encrypted: sealed !== undefined }
    EnableXApi.touch()
    const delivery: Delivery = {
      name,
      summary: summarizeEvent(event),
      body: sealed ? sealed.body : event,
      target: this.target,
      // The core copies the headers it sends; only an encrypted event (dearer anyway) adds its own.
      headers: sealed ? { ...this.headers, ...sealed.headers } : this.headers,
    }
    // call.event() gives the test the event as the app reads it once decrypted.
    if (sealed) delivery.sealed = { plain: event }
    const exchange = await this.ctx.deliver(delivery)
    const { response } = exchange
    this.lastAnswer = response
    if (isOk(response.status)) return
    if (this.isOver()) {
      const why = response.status === 404 ? `a 404 means the app has no route for the ${name} event at ${exchange.request.url}` : 'the app did not take it'
      const problem = `the app answered the ${name} event with HTTP ${response.status}: the call is over, so EnableX ignores it, but ${why}`
      if (!this.ctx.breaks('enablex/final-callback-answered', problem)) return
      throw new AppResponseError(`${ruleFailure('EnableX', this.ctx.rules, 'enablex/final-callback-answered', problem)}\n${describeExchange(exchange.request, response)}`)
    }
    const problem = `the app answered the ${name} event with HTTP ${response.status}; EnableX expects a 2xx`
    if (!this.ctx.breaks('enablex/event-answered', problem)) return
    // The failure names its rule, as every rule's does (it named none: h198).
    const { tag, sourceLine } = this.ctx.rules.breach('enablex/event-answered')!
    const outcome = `EnableX says a call "may terminate" when a webhook answers with an error, so the call fails here (${tag}).`
    try {
      // readJson fails every non-2xx answer as every platform's failures say it, with the line an
      // Express error page holds ("… with HTTP 500: TypeError: …"); EnableX reads no body.
      readJson(response, { event: `the ${name} event`, expected: 'any body (EnableX ignores it: the app acts through the REST API)', outcome, sourceLine }, exchange.request)
    } catch (error) {
      throw this.#eventUrlHinted(error, response, exchange.request.url)
    }
    throw new AppResponseError(`${problem}. ${outcome}\n${sourceLine}\n${describeExchange(exchange.request, response)}`)
  }
}
