/**
 * A Content-Type header's media type, lower-cased, without its parameters: `Application/JSON;
 * charset=UTF-8` is `application/json`. Type and subtype are case-insensitive (RFC 9110 §8.3.1),
 * so a fake vendor API that compared them as written refused JSON the real one reads (audit h130
 * F2: Webex Connect's make-call answered 400 "contentType" to `Application/JSON`).
 */
export function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase()
}

/** Whether a Content-Type header says `application/json`, in any case, with any parameters. */
export function isJsonContentType(header: string | undefined): boolean {
  return mediaTypeOf(header) === 'application/json'
}
