import { z } from 'zod'
import type { ValidationIssue } from './types.js'

/** zod issues → `{ path, message }` with zod's own dot-path printer (`audio[0].text`). */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.length === 0 ? '' : z.core.toDotPath(issue.path),
    message: issue.message,
  }))
}

/** The `✖ message\n  → at path` list zod prints, from our plain issues (so vendor rules print alike). */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `✖ ${i.message}${i.path ? `\n  → at ${i.path}` : ''}`).join('\n')
}
