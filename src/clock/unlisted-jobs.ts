import { createRequire } from 'node:module'
import { replaceMethod, type AnyFunction } from './replace-method.js'
import { syncBuiltinBindings } from '../utils/builtin-bindings.js'

/**
 * Work the app hands to Node that Node lists nowhere among the resources in flight: the thread
 * pool's (hashing a PIN with crypto.pbkdf2, scrypt, WebCrypto's subtle.digest…; compressing with
 * zlib) and c-ares's DNS queries (`dns.resolveTxt`, a `Resolver`'s: an ENUM or number-portability
 * lookup; `dns.lookup` is listed, as getaddrinfo). callspec's look before moving the call's clock
 * (app-io.ts) saw a quiet app while it hashed, and fired an older timer of its own first (an idle
 * hang-up instead of the next prompt); a TXT lookup answering in 150 ms lost to the app's 1 s guard
 * (audit-107). The async functions that queue such work are replaced, once per process, with ones
 * that count the jobs in flight; they behave exactly as Node's own. Native addons (bcrypt) queue
 * their own work and stay unseen.
 */
let inFlight = 0

/** True while a job the app queued (see above) has not called back (or settled). */
export const unlistedJobsBusy = (): boolean => inFlight > 0

const CRYPTO = ['pbkdf2', 'scrypt', 'hkdf', 'randomBytes', 'randomFill', 'randomInt', 'generateKey', 'generateKeyPair', 'generatePrime', 'checkPrime'] as const
const ZLIB = ['gzip', 'gunzip', 'deflate', 'inflate', 'deflateRaw', 'inflateRaw', 'unzip', 'brotliCompress', 'brotliDecompress'] as const
/** c-ares queries, the same names on `dns`, `dns.promises`, and each module's `Resolver`. */
const DNS = ['resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCaa', 'resolveCname', 'resolveMx', 'resolveNaptr', 'resolveNs', 'resolvePtr', 'resolveSoa', 'resolveSrv', 'resolveTxt', 'reverse'] as const
const SUBTLE = ['digest', 'encrypt', 'decrypt', 'sign', 'verify', 'generateKey', 'deriveKey', 'deriveBits', 'importKey', 'exportKey', 'wrapKey', 'unwrapKey'] as const

let watching = false

/** Replaces the functions that queue such work with counting ones: once per process. */
export function watchUnlistedJobs(): void {
  if (watching) return
  watching = true
  const require = createRequire(import.meta.url)
  const crypto = require('node:crypto') as Record<string, unknown> & { webcrypto?: { subtle?: object } }
  const zlib = require('node:zlib') as Record<string, unknown>
  const dns = require('node:dns') as Record<string, unknown> & { Resolver: { prototype: object }; promises: Record<string, unknown> & { Resolver: { prototype: object } } }
  for (const name of CRYPTO) replaceMethod(crypto, name, withCallback)
  for (const name of ZLIB) replaceMethod(zlib, name, withCallback)
  watchZlibStreams(zlib)
  // `dns.resolveTxt` is bound to the default Resolver when node:dns loads: replaced apart from the prototype's.
  for (const name of DNS) {
    replaceMethod(dns, name, withCallback)
    replaceMethod(dns.Resolver.prototype as Record<string, unknown>, name, withCallback)
    replaceMethod(dns.promises, name, settling)
    replaceMethod(dns.promises.Resolver.prototype as Record<string, unknown>, name, settling)
  }
  // The prototype: `crypto.subtle` and `globalThis.crypto.subtle` are one object of this class.
  const subtle = crypto.webcrypto?.subtle && (Object.getPrototypeOf(crypto.webcrypto.subtle) as Record<string, unknown>)
  if (subtle) for (const name of SUBTLE) replaceMethod(subtle, name, settling)
  // An app module that imported them as ESM (`import { pbkdf2 } from 'node:crypto'`) sees them now.
  syncBuiltinBindings()
}

/** A callback-last function: one job from the call until its callback runs (or it throws). */
function withCallback(original: AnyFunction): AnyFunction {
  return function (this: unknown, ...args: unknown[]) {
    const callback = args[args.length - 1]
    // No callback (randomBytes(16)): synchronous, no job.
    if (typeof callback !== 'function') return original.apply(this, args)
    const end = started()
    args[args.length - 1] = function (this: unknown, ...results: unknown[]) {
      end()
      return (callback as AnyFunction).apply(this, results)
    }
    try {
      return original.apply(this, args)
    } catch (error) {
      end()
      throw error
    }
  }
}

/**
 * zlib's streams (`createGunzip()`, and the web `DecompressionStream` built on them): each chunk
 * goes to the thread pool through the stream's native handle, `handle.write(…)`, and comes back
 * through the callback the handle was given at `init`. Counted from each write until that callback,
 * or the handle's close (an error closes it instead of calling back). Not until the stream's own
 * callback: a stream whose reader has stopped reading waits on the app, not on Node. audit-113: a
 * gzipped record decompressed through a stream lost to the app's 1.5 s fallback in 7–10 of 15
 * calls. Handles made before this watch (none of an app's streams made per request) stay unseen.
 */
function watchZlibStreams(zlib: Record<string, unknown>): void {
  const working = new WeakSet<object>()
  const ends = (handle: object) => {
    if (working.delete(handle)) inFlight--
  }
  const seen = new Set<object>()
  // One stream of each native class: gzip and deflate share one, brotli has two.
  for (const make of ['createGunzip', 'createBrotliCompress', 'createBrotliDecompress']) {
    const stream = (zlib[make] as (() => { _handle?: object; close(): void }) | undefined)?.()
    const proto = stream?._handle && (Object.getPrototypeOf(stream._handle) as Record<string, unknown>)
    stream?.close()
    if (!proto || seen.has(proto)) continue
    seen.add(proto)
    if (typeof proto.write !== 'function' || typeof proto.init !== 'function' || typeof proto.close !== 'function') continue
    replaceMethod(proto, 'write', (write) =>
      function (this: unknown, ...args: unknown[]) {
        if (!working.has(this as object)) {
          working.add(this as object)
          inFlight++
        }
        return Reflect.apply(write, this, args)
      },
    )
    replaceMethod(proto, 'init', (init) =>
      function (this: unknown, ...args: unknown[]) {
        // The callback Node gives every handle (processCallback): the chunk's work is back.
        const at = args.findIndex((arg) => typeof arg === 'function')
        if (at >= 0) {
          const callback = args[at] as AnyFunction
          args[at] = function (this: unknown, ...results: unknown[]) {
            ends(this as object)
            return Reflect.apply(callback, this, results)
          }
        }
        return Reflect.apply(init, this, args)
      },
    )
    replaceMethod(proto, 'close', (close) =>
      function (this: unknown, ...args: unknown[]) {
        ends(this as object)
        return Reflect.apply(close, this, args)
      },
    )
  }
}

/** A promise-returning method: one job until its promise settles. */
function settling(original: AnyFunction): AnyFunction {
  return function (this: unknown, ...args: unknown[]) {
    const end = started()
    try {
      const result = original.apply(this, args) as Promise<unknown>
      result.then(end, end)
      return result
    } catch (error) {
      end()
      throw error
    }
  }
}

function started(): () => void {
  inFlight++
  let ended = false
  return () => {
    if (ended) return
    ended = true
    inFlight--
  }
}
