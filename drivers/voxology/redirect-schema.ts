import type { z } from 'zod'
import { valueAt } from '../../src/driver/index.js'
import type { VoxologyRuleId } from './rules.js'

/**
 * REDIRECT is known only from Voxology's tutorials (its REDIRECT sample), not from the docs'
 * pages, so a schema issue inside a REDIRECT cites rule voxology/redirect-schema, evidence
 * `sample`, not voxology/action-schema's "Voxology docs and tutorials" (audit h154 G4).
 */
export function redirectSchemaRule(issue: z.core.$ZodIssue, payload: unknown): VoxologyRuleId | undefined {
  // The action is what holds `params`: `actions[1].params.method` → `actions[1]`.
  const at = issue.path.lastIndexOf('params')
  if (at < 0) return undefined
  const action = valueAt(payload, issue.path.slice(0, at))
  return (action as { type?: unknown } | undefined)?.type === 'REDIRECT' ? 'voxology/redirect-schema' : undefined
}
