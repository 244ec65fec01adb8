/**
 * An app outside the test process that drives its calls through the vendor's API (EnableX), with
 * no fake API given: the failure says how to serve one, in the terms of what runs the call (the
 * TypeScript API here; `callspec run`, `explore` and `dial` in test/cli), with the route prefix
 * the app's base URL needs after the fake API's URL (audit qa-76: an app that used the origin alone
 * got 404s).
 */
import { expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { failureOf } from '../helpers/failure-of.js'

it("names startPlatform(), the base path after platform.url, and the api option", async () => {
  const error = await failureOf(callTo('http://127.0.0.1:9', { platform: 'enablex' }).expectAction('accept'))
  expect(error.message.split('\n')[0]).toBe(
    '[callspec] start of call: an app on enablex drives the call through the fake enablex API, but the app runs outside this process. ' +
      "Start one with `const platform = await startPlatform('enablex')`, configure the app with platform.url + '/voice/v1', and pass { api: platform } to callTo(). " +
      '(From the callspec command: --api <port>, and point the app at the URL it prints.)',
  )
})

it("an app in this process kept from the fake API by api: 'none' is told so, not that it runs elsewhere", async () => {
  const app = (_req: unknown, res: { end(): void }) => res.end()
  const error = await failureOf(callTo(app, { platform: 'enablex', api: 'none' }).expectAction('accept'))
  expect(error.message.split('\n')[0]).toBe(
    "[callspec] start of call: an app on enablex drives the call through the fake enablex API, but api: 'none' gives it none. " +
      "Leave api unset (callspec answers the vendor hosts for an app in this process), or pass { api: platform } from startPlatform('enablex').",
  )
})
