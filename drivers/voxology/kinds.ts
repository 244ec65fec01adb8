/** The payload kinds `validate('voxology', kind, payload)` knows: light, so the driver descriptor can name them without loading the schemas. */
export const VALIDATION_KINDS = ['script', 'action', 'callback', 'make-call', 'condition'] as const
export type VoxologyKind = (typeof VALIDATION_KINDS)[number]
