/** A REST request the app made to the (fake) vendor API. Headers are lower-cased. */
export interface ApiRequest {
  method: string
  url: URL
  headers: Record<string, string>
  bodyText: string
  /**
   * The Content-Encoding the body came compressed with (`gzip`, `br`), when callspec decoded it:
   * `bodyText` is the decoded text, and the header is gone from `headers`. No vendor documents a
   * compressed request body: each driver warns of it (rule `<platform>/compressed-body`, inferred).
   */
  decodedFrom?: string
}

/** The fake vendor API's answer. An object body is sent as JSON. */
export interface ApiResponse {
  status: number
  body?: unknown
  headers?: Record<string, string>
  /**
   * Set when the answer's status or body is callspec's choice, the vendor documenting none for
   * the request (a route taken with another method, an unknown path): why, said after the answer
   * wherever a failure lists it, so it is never taken for the vendor's documented refusal. Never sent.
   */
  callspecs?: string
  /**
   * Set when the vendor has the route and callspec does not simulate it (EnableX's broadcast API):
   * a failure that lists the request says that, not that the app's path, id or credentials are
   * wrong. Never sent.
   */
  unsimulated?: true
  /**
   * Set when the fake API refused the body before any driver read it, as bytes that do not decode
   * by the Content-Encoding they came with (request-body.ts): a failure that lists it says so, not
   * that the platform refused what the request says. Never sent.
   */
  undecodable?: string
  /**
   * Set when callspec refused the request as sent over plain http to a vendor host whose API is
   * https (vendor-guard.ts): a failure that lists it says so, not that credentials were refused. Never sent.
   */
  plainHttp?: true
}

/** One vendor's fake REST API: shared by the calls that run against it. */
export interface PlatformApi {
  handle(request: ApiRequest): Promise<ApiResponse>
  /**
   * The answer to a request for a vendor host when no call is in progress in this process (an
   * in-process app's timer after its call ended): the platform's answer to a request about a call
   * that no longer exists. Undefined for a request callspec cannot place (a make-call, an unknown
   * route): callspec's own 404 saying its fake API has no call in progress.
   */
  answerWithoutCall?(request: ApiRequest): ApiResponse | undefined
  /**
   * `url` names a call of this API's that has ended in this process (an EnableX voice_id among its
   * last calls'): a request for it is that call's app still at work, often an earlier test's. Asked
   * of a request the mount answers itself (413, 408) or whose body never ended, which never reaches
   * `handle`, so that it is listed apart as the driver lists such a request it answers.
   */
  endedCallIn?(url: URL): boolean
}
