// With the README's setup file, the app's request as it loads is answered by callspec, off the network.
import { expect, it } from 'vitest'
import { startup } from './startup-token.js'

it("an app module's request to a vendor host as it loads gets callspec's answer, not the network", () => {
  expect(startup).toEqual({
    status: 404,
    body: { error: expect.stringMatching(/^callspec answered this request itself, not the vendor: it came before any call in this process had callspec answer https:\/\/api\.enablex\.io /) },
  })
})
