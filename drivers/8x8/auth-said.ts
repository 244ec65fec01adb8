/**
 * What the app's Authorization header was, under a Send Callflow request 8x8 refused with 401
 * ("Authentication header not found or token invalid", 8x8's words, which do not say which): 8x8's
 * reference authenticates with the subaccount's API key as a Bearer token. The credential itself is
 * never printed, only its scheme. Before (audit h193), an app that sent Basic auth was left to
 * guess what 8x8 wanted.
 */
export function authSaid(authorization: string | undefined, apiKey: string | undefined): string {
  const want = 'Send Callflow takes the API key as Authorization: Bearer <key>'
  if (authorization === undefined || authorization.trim() === '') return `${want}; the app's request had no Authorization header.`
  const scheme = /^\s*(\S+)/.exec(authorization)![1]!
  if (!/^Bearer$/i.test(scheme)) return `${want}; the app's request sent Authorization: ${scheme} ….`
  if (!/^\s*\S+\s+\S+\s*$/.test(authorization)) return `${want}; the app's request sent Authorization: Bearer with no key.`
  return apiKey === undefined ? `${want}.` : `${want}; the app's key is not the one this test's vendor.apiKey names.`
}
