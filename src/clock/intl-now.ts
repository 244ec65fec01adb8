/**
 * `Intl.DateTimeFormat`'s `format()` and `formatToParts()` called with no date format "now" from
 * the engine's own clock, not from `Date`: an app reading business hours as
 * `nyTime.formatToParts()` saw the machine's time while its `new Date()` read the call's (audit-93:
 * a Monday 10:00 call was closed or open by the hour CI ran). For the call, both read `Date.now()`
 * when given no date: the app's `Date`, on the call's clock. Patched on the prototype, so a
 * formatter the app built at load time follows too; put back when the call ends.
 */
type Formatter = Intl.DateTimeFormat

export function intlFollowsDate(): () => void {
  const proto = Intl.DateTimeFormat.prototype
  const formatDescriptor = Object.getOwnPropertyDescriptor(proto, 'format')
  const partsDescriptor = Object.getOwnPropertyDescriptor(proto, 'formatToParts')
  const getFormat = formatDescriptor?.get
  const formatToParts = partsDescriptor?.value as Formatter['formatToParts'] | undefined
  if (!formatDescriptor?.configurable || !getFormat || !partsDescriptor?.configurable || typeof formatToParts !== 'function') return () => {}
  // The global `Date` as it is when called: the call's fake while the call runs.
  const now = () => globalThis.Date.now()
  const format = {
    configurable: true,
    enumerable: formatDescriptor.enumerable,
    get(this: Formatter) {
      const bound = getFormat.call(this) as Formatter['format']
      return (date?: Date | number) => bound(date === undefined ? now() : date)
    },
  }
  const parts = {
    configurable: true,
    enumerable: partsDescriptor.enumerable,
    writable: true,
    value(this: Formatter, date?: Date | number) {
      return formatToParts.call(this, date === undefined ? now() : date)
    },
  }
  Object.defineProperty(proto, 'format', format)
  Object.defineProperty(proto, 'formatToParts', parts)
  return () => {
    // Only what is still ours goes back: a patch someone made since is theirs.
    if (Object.getOwnPropertyDescriptor(proto, 'format')?.get === format.get) Object.defineProperty(proto, 'format', formatDescriptor)
    if (Object.getOwnPropertyDescriptor(proto, 'formatToParts')?.value === parts.value) Object.defineProperty(proto, 'formatToParts', partsDescriptor)
  }
}
