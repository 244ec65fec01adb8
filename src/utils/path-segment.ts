/**
 * A path segment of the app's request decoded, or as it is when its %-escapes are malformed
 * (`/voice/v1/call/%ZZ/play`). decodeURIComponent throws on those, and a fake API that let it throw
 * answered 500 "callspec's fake API failed on this request: URI malformed", the app's wrong id
 * taken for a bug of callspec's (helper-187); such an id names no call, and is answered as one.
 */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
