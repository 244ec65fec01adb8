/**
 * `Intl.DateTimeFormat`'s `format()` and `formatToParts()` called with no date format "now" from
 * the engine's own clock, not from `Date`: an app reading business hours as
 * `nyTime.formatToParts()` saw the machine's time while its `new Date()` read the call's (audit-93:
 * a Monday 10:00 call was closed or open by the hour CI ran). While a call runs, both read
 * `Date.now()` when given no date: the app's `Date`, on the call's clock. Patched on the prototype,
 * so a formatter the app built at load time follows too.
 *
 * Patched once per process, not per call: redefining the prototype's properties at every call
 * made each call's garbage outlive young collections (measured: a scavenge promoted 150 KB instead
 * of 83 KB in test/gc/retention.test.ts's Webex loop). Between calls the patch hands out the
 * native functions themselves.
 */
type Formatter = Intl.DateTimeFormat

/** Calls whose clock is installed now: the patch reads `Date` only while one is. */
let calls = 0
let patched = false

export function intlFollowsDate(): () => void {
  if (!patched) {
    patched = true
    patch()
  }
  calls++
  let released = false
  return () => {
    if (released) return
    released = true
    calls--
  }
}

function patch(): void {
  const proto = Intl.DateTimeFormat.prototype
  const formatDescriptor = Object.getOwnPropertyDescriptor(proto, 'format')
  const partsDescriptor = Object.getOwnPropertyDescriptor(proto, 'formatToParts')
  const getFormat = formatDescriptor?.get
  const formatToParts = partsDescriptor?.value as Formatter['formatToParts'] | undefined
  // Not the engine's own shape (another library patched it first): left alone.
  if (!formatDescriptor?.configurable || !getFormat || !partsDescriptor?.configurable || typeof formatToParts !== 'function') return
  // The global `Date` as it is when called: the call's fake while the call runs.
  const now = () => globalThis.Date.now()
  Object.defineProperty(proto, 'format', {
    configurable: true,
    enumerable: formatDescriptor.enumerable,
    get(this: Formatter) {
      const bound = getFormat.call(this) as Formatter['format']
      return calls === 0 ? bound : (date?: Date | number) => bound(date === undefined ? now() : date)
    },
  })
  // Named as the native one (a stack trace, a library checking `.name`, reads the same).
  const parts = {
    formatToParts(this: Formatter, date?: Date | number) {
      return formatToParts.call(this, date === undefined && calls > 0 ? now() : date)
    },
  }
  Object.defineProperty(proto, 'formatToParts', { configurable: true, enumerable: partsDescriptor.enumerable, writable: true, value: parts.formatToParts })
}
