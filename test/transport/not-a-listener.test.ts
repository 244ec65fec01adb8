import { Hono } from 'hono'
import express from 'express'
import { describe, expect, it } from 'vitest'
import { callTo, CallspecUsageError } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'
import { classifyTarget, serverOf } from '../../src/transport/app-target.js'

/**
 * Functions passed as the app that are no Node request listener (audit-f #4): they failed after
 * the whole answer wait ("the app never answered", 3.5 s) or as a crash with an unhandled
 * TypeError. Each now fails at once with a CallspecUsageError saying what to pass.
 */
const flow = (target: unknown) =>
  callTo(target as Parameters<typeof callTo>[0], { platform: 'webex-connect', limits: { responseTimeoutMs: 8000 } }).expectAction('ANSWER')

async function refused(target: unknown) {
  const started = Date.now()
  const error = await failureOf(flow(target))
  expect(Date.now() - started).toBeLessThan(4000)
  expect(error).toBeInstanceOf(CallspecUsageError)
  return error.message
}

describe('a function that is not a request listener is refused with what to pass', () => {
  it("Hono's app.fetch, passed bare: refused at callTo()", () => {
    const app = new Hono()
    app.post('/', (c) => c.json({ action: 'ANSWER' }))
    expect(() => callTo(app.fetch as never, { platform: 'webex-connect' })).toThrow(
      "[callspec] callTo() got a function named fetch (a Hono app's app.fetch?): a fetch handler, (req: Request) => Response, not a Node request listener (req, res). " +
        'Pass the Hono app itself, callTo(app, …), or the handler in an object, callTo({ fetch: app.fetch }, …).',
    )
  })

  it('a bare async fetch handler, (req: Request) => Response, reading req.json()', async () => {
    const handler = async (req: Request) => Response.json({ action: (await req.json()) ? 'ANSWER' : 'HANGUP' })
    expect(await refused(handler)).toBe(
      '[callspec] callTo() got the function handler, which read its first argument as a fetch Request (TypeError: req.json is not a function): a fetch handler, not a Node request listener ' +
        "(callspec calls a function as (req, res), with Node's IncomingMessage). Pass the handler in an object, callTo({ fetch: handler }, …); for a Hono app, the app itself, callTo(app, …).",
    )
    // Refused at once from then on.
    expect(() => callTo(handler as never, { platform: 'webex-connect' })).toThrow(CallspecUsageError)
  })

  it('a fetch handler that returns a Response without reading the request', async () => {
    const answer = () => Promise.resolve(Response.json({ action: 'ANSWER' }))
    expect(await refused(answer)).toBe(
      '[callspec] callTo() got the function answer, which answered the webhook by returning a Promise of a Response: a fetch handler, not a Node request listener (callspec calls a function as (req, res) and waits for its answer on res). ' +
        'Pass the handler in an object, callTo({ fetch: handler }, …); for a Hono app, the app itself, callTo(app, …), not app.fetch.',
    )
  })

  it('a factory passed as makeApp instead of makeApp()', async () => {
    const makeApp = () => {
      const app = express()
      app.use(express.json())
      app.post('/', (_req, res) => void res.json({ action: 'ANSWER' }))
      return app
    }
    expect(await refused(makeApp)).toBe(
      '[callspec] callTo() got the function makeApp, which returned a function (a request listener, such as an Express app) instead of answering the webhook: a factory that makes the app, not the app. ' +
        'Pass what it returns: callTo(makeApp(), …).',
    )
  })

  it('an async factory, returning a Hono app', async () => {
    const buildApp = async () => new Hono()
    expect(await refused(buildApp)).toBe(
      '[callspec] callTo() got the function buildApp, which returned a Promise of an app with fetch() (a Hono app?) instead of answering the webhook: a factory that makes the app, not the app. ' +
        'Pass what it returns: callTo(await buildApp(), …).',
    )
  })

  it('over TCP too', async () => {
    const makeApp = () => express()
    const error = await failureOf(callTo(makeApp, { platform: 'webex-connect', transport: 'tcp' }).expectAction('ANSWER'))
    expect(error.message).toMatch(/^\[callspec\] callTo\(\) got the function makeApp, which returned a function/)
  })

  it('a real listener, sync or async, is served as before', async () => {
    const app = express()
    app.use(express.json())
    app.post('/', (_req, res) => void res.json({ action: 'ANSWER' }))
    const call = await callTo(app, { platform: 'webex-connect', unconsumed: 'ignore', warnings: 'silent' }).expectAction('ANSWER')
    expect(call).toBeDefined()
    const asyncListener = async (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      for await (const _ of req) void _
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ action: 'ANSWER' }))
    }
    await callTo(asyncListener, { platform: 'webex-connect', unconsumed: 'ignore', warnings: 'silent' }).expectAction('ANSWER')
    await callTo(asyncListener, { platform: 'webex-connect', unconsumed: 'ignore', warnings: 'silent' }).expectAction('ANSWER')
  })

  it('once a listener answered as one, its server runs it bare: the hot path is the listener alone', async () => {
    const app = express()
    app.use(express.json())
    app.post('/', (_req, res) => void res.json({ action: 'ANSWER' }))
    const shape = classifyTarget(app) as Exclude<ReturnType<typeof classifyTarget>, { kind: 'url' }>
    const server = await serverOf(shape, 1000)
    expect(server.listeners('request')).not.toEqual([app])
    await callTo(app, { platform: 'webex-connect', unconsumed: 'ignore', warnings: 'silent' }).expectAction('ANSWER')
    expect(server.listeners('request')).toEqual([app])
  })
})
