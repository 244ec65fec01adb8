/**
 * Said after the answer to a valid make-call no call of the test was waiting for (a second
 * make-call from one trigger, one sent twice at once, one after its call was placed): the vendor
 * would place another call, and callspec has none to place it in. Before, such an answer was listed
 * among what the fake API received as `HTTP 500 {"msg":"Internal Server Error: …"} (refused)`,
 * nothing saying the 500 was callspec's and not the vendor's (helper-187).
 */
export function unawaitedMakeCall(vendor: string, status: number): string {
  return `the request was valid, and ${vendor} would have placed another call: no call of the test was waiting for it (each call started with startedBy() takes one make-call), so this ${status} and its body are callspec's`
}
