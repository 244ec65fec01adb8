/** A REST request the app made to the (fake) vendor API. Headers are lower-cased. */
export interface ApiRequest {
  method: string
  url: URL
  headers: Record<string, string>
  bodyText: string
}

/** The fake vendor API's answer. An object body is sent as JSON. */
export interface ApiResponse {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/** One vendor's fake REST API: shared by the calls that run against it. */
export interface PlatformApi {
  handle(request: ApiRequest): Promise<ApiResponse>
}
