import { createCipheriv, createDecipheriv, createHash } from 'node:crypto'
import { BEHAVIOUR } from './behaviour.js'

/**
 * OpenSSL's EVP_BytesToKey with MD5, one iteration and no salt: the key derivation of Node's legacy
 * `crypto.createCipher(algorithm, password)`, which EnableX's samples decrypt with (EnableX's
 * Secure Webhooks guide). Written out because Node 22 removed createCipher.
 */
export function bytesToKey(password: string, keyLength: number, ivLength: number): { key: Buffer; iv: Buffer } {
  const pass = Buffer.from(password, 'utf8')
  let derived = Buffer.alloc(0)
  let block = Buffer.alloc(0)
  while (derived.length < keyLength + ivLength) {
    block = createHash('md5').update(Buffer.concat([block, pass])).digest()
    derived = Buffer.concat([derived, block])
  }
  return { key: derived.subarray(0, keyLength), iv: derived.subarray(keyLength, keyLength + ivLength) }
}

const { algorithm, format, encoding } = BEHAVIOUR.encryption

/**
 * An event as EnableX posts it with webhook security on: `{encrypted_data}` and the headers the
 * app's decryption reads. Both header spellings go out: the docs' prose says `x-algorithm`, their
 * code (and so most apps) reads `x-algoritm`.
 */
export function encryptEvent(event: unknown, appId: string): { body: { encrypted_data: string }; headers: Record<string, string> } {
  const { key, iv } = bytesToKey(appId, 32, 16)
  const cipher = createCipheriv(algorithm, key, iv)
  const data = cipher.update(JSON.stringify(event), encoding, format) + cipher.final(format)
  return {
    body: { encrypted_data: data },
    headers: { 'x-algoritm': algorithm, 'x-algorithm': algorithm, 'x-format': format, 'x-encoding': encoding },
  }
}

/** The inverse, for tests and tools: what an app's decryption code does. */
export function decryptEvent(encrypted: string, appId: string): unknown {
  const { key, iv } = bytesToKey(appId, 32, 16)
  const decipher = createDecipheriv(algorithm, key, iv)
  return JSON.parse(decipher.update(encrypted, format, encoding) + decipher.final(encoding))
}
