import { tagIssues } from '../validation/graded-check.js'
import type { RuleBreach } from '../validation/rules.js'
import type { ValidationIssue } from '../validation/types.js'

/**
 * A REST path that is a documented route's in another case (`/v1/dials/connect` for
 * `/v1/Dials/Connect`). No vendor callspec simulates says whether its API matches paths
 * case-sensitively, so a fake API that refused such a path failed the call with no rule, as if the
 * vendor had documented the refusal (audit F6). Each driver with a fake REST API reads such a path
 * under its own inferred rule (`<vendor>/path-case`): at warn it answers it as the documented route,
 * with this issue as the warning; at error it refuses it as before, the refusal recorded under the
 * rule so the failure says it is callspec's.
 */

/**
 * `documented` with the request's own values for the segments the route leaves open (ids,
 * numbers), when `path` differs from it only in the case of its fixed segments; else undefined.
 * `template`: the route as the docs spell it, `{name}` for an open segment.
 */
export function caseVariantOf(template: string, path: string): string | undefined {
  const want = template.split('/')
  const got = path.split('/')
  if (want.length !== got.length) return undefined
  const fixed = want.map((w, i) => (w.startsWith('{') ? got[i]! : w))
  const documented = fixed.join('/')
  if (documented === path || documented.toLowerCase() !== path.toLowerCase()) return undefined
  // An open segment is never empty: `/v1/History/Logs/Calls/` names no call.
  if (want.some((w, i) => w.startsWith('{') && got[i] === '')) return undefined
  return documented
}

/**
 * The issue for a request sent to `sent` where the docs spell the route `documented`, tagged with
 * the driver's path-case rule (`breach`). Its message says what callspec did at warn, and that the
 * case rule is callspec's inference, not the vendor's.
 */
export function pathCaseIssue(vendor: string, breach: RuleBreach, method: string, sent: string, documented: string): ValidationIssue {
  return tagIssues(
    [
      {
        path: '',
        message: `${method} ${sent} is the route ${documented} in another case`,
        atWarn: `: callspec answers it as ${method} ${documented}`,
        hint: `${vendor}'s docs spell the path ${documented} and do not say whether the API takes it in another case; that it must match in case is callspec's inference, not ${vendor}'s documented behaviour. Send the path as the docs spell it`,
      },
    ],
    breach,
  )[0]!
}

/**
 * The route of `routes` that `path` is in another case, with the request's values in its open
 * segments: one taking the request's method first, else one taking another (then the request is
 * answered as the documented path answers that method: a 405, or the driver's own answer).
 */
export function caseVariantIn<R extends { readonly template: string; readonly method: string }>(
  routes: readonly R[],
  method: string,
  path: string,
): { route: R; documented: string } | undefined {
  const found = routes.flatMap((route) => {
    const documented = caseVariantOf(route.template, path)
    return documented === undefined ? [] : [{ route, documented }]
  })
  return found.find((r) => r.route.method === method) ?? found[0]
}

/**
 * What the answer to a path in another case sent with a method its route does not take says of
 * it, so that a failure listing it names both: `the route /v1/Dials/Connect in another case (rule
 * voxology/path-case, inferred), and that route takes POST`.
 */
export function caseAndMethod(rule: string, documented: string, takes: string): string {
  return `the route ${documented} in another case (rule ${rule}, inferred), and that route takes ${takes}`
}
