/**
 * The routes of Voxology's REST API (Voxology's REST API reference), with their methods, and how a
 * request that matches none is told apart: a known path with another method (405, with the methods
 * it takes), or an unknown path, answered with the nearest route. The docs spell paths
 * `/v1/Dials/Connect` and do not say whether the API ignores case: a path in another case is rule
 * voxology/path-case's (inferred, rest-api.ts), matched here exactly.
 */
import { decodeSegment } from '../../src/driver/index.js'
import { editDistance } from './edit-distance.js'

export type RouteId = 'make-call' | 'call-log' | 'sms' | 'numbers' | 'provision' | 'configuration' | 'number-info'

export interface Route {
  id: RouteId
  method: string
  /** As the docs write it, `{name}` for a parameter. */
  template: string
  /** What the route does, for messages. */
  name: string
  /** False: listed by the vendor, answered 501 by callspec. */
  simulated: boolean
}

export const ROUTES: readonly Route[] = [
  { id: 'make-call', method: 'POST', template: '/v1/Dials/Connect', name: 'Make call', simulated: true },
  { id: 'call-log', method: 'GET', template: '/v1/History/Logs/Calls/{callId}', name: 'Call log', simulated: true },
  { id: 'sms', method: 'POST', template: '/v1/Dials/SMS', name: 'Send SMS', simulated: false },
  { id: 'numbers', method: 'GET', template: '/v1/PhoneNumbers/Available', name: 'List available numbers', simulated: false },
  { id: 'provision', method: 'POST', template: '/v1/PhoneNumbers/CallFlows', name: 'Provision number to CallFlows', simulated: false },
  { id: 'configuration', method: 'PUT', template: '/v1/CallFlows/Configurations/PhoneNumbers/{number}', name: 'Update Call Flow Configuration', simulated: false },
  { id: 'number-info', method: 'GET', template: '/v1/PhoneNumberInformation/{number}', name: 'Number information', simulated: false },
]

export type RouteMatch =
  | { kind: 'route'; route: Route; params: string[] }
  | { kind: 'method'; allow: string[] }
  | { kind: 'none'; nearest?: Route }

/** The route a request is for, the methods its path takes, or the nearest route to an unknown path. */
export function matchRoute(method: string, path: string): RouteMatch {
  const onPath = ROUTES.flatMap((route) => {
    const params = paramsOf(route.template, path)
    return params ? [{ route, params }] : []
  })
  const exact = onPath.find((m) => m.route.method === method)
  if (exact) return { kind: 'route', ...exact }
  if (onPath.length) return { kind: 'method', allow: onPath.map((m) => m.route.method) }
  return { kind: 'none', nearest: nearest(method, path) }
}

/** The path's values for the template's `{…}` segments, or undefined when it is not this route. */
function paramsOf(template: string, path: string, foldCase = false): string[] | undefined {
  const want = template.split('/')
  const got = path.split('/')
  if (want.length !== got.length) return undefined
  const params: string[] = []
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!
    if (w.startsWith('{')) {
      if (got[i] === '') return undefined
      params.push(decodeSegment(got[i]!))
    } else if (foldCase ? w.toLowerCase() !== got[i]!.toLowerCase() : w !== got[i]) {
      return undefined
    }
  }
  return params
}

/** A route spelt in another case (`/v1/dials/connect`), else one a few characters away; the request's method first. */
function nearest(method: string, path: string): Route | undefined {
  const byMethod = (routes: Route[]) => routes.find((r) => r.method === method) ?? routes[0]
  const folded = ROUTES.filter((r) => paramsOf(r.template, path, true))
  if (folded.length) return byMethod(folded)
  // Distances are quadratic: a path far longer than any route is near none.
  if (path.length > 200) return undefined
  const lower = path.toLowerCase()
  let best: { route: Route; distance: number } | undefined
  for (const route of ROUTES) {
    // Parameters compared as the request wrote them: only the fixed segments can be misspelt.
    const filled = route.template.replace(/\{[^}]+\}/g, (_, at: number) => path.split('/')[route.template.slice(0, at).split('/').length - 1] ?? '')
    const distance = editDistance(lower, filled.toLowerCase())
    if (distance <= Math.max(2, Math.floor(filled.length / 6)) && (!best || distance < best.distance)) best = { route, distance }
  }
  return best?.route
}
