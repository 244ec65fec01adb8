import { BEHAVIOUR } from './behaviour.js'

/**
 * The extension of `url`'s path when it names a format other than mp3 or wav (BEHAVIOUR's list:
 * `ogg`, `m4a`, `txt`…); undefined for mp3, wav, an unknown extension or none (`/audio?id=7`), where
 * the URL says nothing of the format.
 */
export function otherFormatExtension(url: string): string | undefined {
  let path: string
  try {
    path = new URL(url).pathname
  } catch {
    return undefined
  }
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase()
  return extension !== undefined && BEHAVIOUR.otherFormatExtensions.includes(extension) ? extension : undefined
}
