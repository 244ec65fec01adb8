import type { NotAnAction } from './types.js'

/**
 * Why `name` is no action on the platform and what to write instead (Driver.notActions), or
 * undefined. Read in lower case without `-`, `_` or spaces: `make-call`, `makeCall` and
 * `make_call` are one slip.
 */
export function notAnAction(platform: { readonly notActions?: Readonly<Record<string, NotAnAction>> } | undefined, name: string): NotAnAction | undefined {
  const said = platform?.notActions
  if (!said) return undefined
  const key = name.toLowerCase().replace(/[-_\s]/g, '')
  return Object.hasOwn(said, key) ? said[key] : undefined
}
