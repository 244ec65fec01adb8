/** The payload kinds `validate('webex-connect', kind, payload)` knows: light, so the driver descriptor can name them without loading the schemas. */
export const VALIDATION_KINDS = ['action', 'event', 'make-call'] as const
export type WebexKind = (typeof VALIDATION_KINDS)[number]
