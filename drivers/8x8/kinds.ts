/** The payload kinds `validate('8x8', kind, payload)` knows: light, so the driver descriptor can name them without loading the schemas. */
export const VALIDATION_KINDS = ['callflow', 'vca-response', 'action', 'vca', 'vss', 'vcs'] as const
export type EightByEightKind = (typeof VALIDATION_KINDS)[number]
