/** The payload kinds `validate('enablex', kind, payload)` knows: light, so the driver descriptor can name them without loading the schemas. */
export const VALIDATION_KINDS = ['action', 'event', 'make-call', 'play', 'connect', 'transfer', 'forward', 'hold', 'recording'] as const
export type EnableXKind = (typeof VALIDATION_KINDS)[number]
