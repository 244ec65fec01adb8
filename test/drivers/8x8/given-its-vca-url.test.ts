/**
 * Audit h186: an 8x8 app given by its call-action webhook's URL (`http://host:port/8x8/vca`, as the
 * explorer writes a scenario file's `target:` when explored so): the VCA went there, as it should,
 * but the session summary (VSS) went to that URL joined with its own path, /8x8/vca/8x8/vss, a 404
 * and a warning on every call. The platform's other webhook paths now go beside the one the URL
 * ends in.
 */
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { stubServer } from '../../helpers/stub-server.js'
import { eightByEightApp, hangup, say } from './apps.js'

const goodbye = () => eightByEightApp(() => ({ callflow: [say('Goodbye.'), hangup] }))
const app = goodbye()
const served = stubServer(app.listener)
// Another, with call statuses (vendor.vcsPath): 8x8 sends CALL_RECEIVED's before the first VCA.
const withStatus = goodbye()
const withStatusServed = stubServer(withStatus.listener)
// The same app mounted under /ivr by an outer router.
const mounted = goodbye()
const outer = stubServer((req, res) => {
  if (!req.url?.startsWith('/ivr/')) return void res.writeHead(404).end()
  req.url = req.url.slice('/ivr'.length)
  mounted.listener(req, res)
})

describe('8x8: the app given by its VCA URL', () => {
  it('gets the session summary at /8x8/vss, beside the VCA path, with no 404 warning', async () => {
    const call = await callTo(`${served.url}/8x8/vca`, { platform: '8x8' }).expectAction('say').expectAction('hangup')
    expect(app.received.map((r) => r.path)).toEqual(['/8x8/vca', '/8x8/vss'])
    expect(call.warnings).toEqual([])
  })

  it('gets the call status sent before the first VCA beside it too, as the later ones (helper-190)', async () => {
    // 8x8 sends CALL_RECEIVED's status before the VCA: found at the first VCA, the root came too
    // late for it, and one call's statuses went to /8x8/vca/8x8/vcs and then to /8x8/vcs.
    const call = await callTo(`${withStatusServed.url}/8x8/vca`, { platform: '8x8', vendor: { vcsPath: true } }).expectAction('say').expectAction('hangup')
    expect(withStatus.received.map((r) => r.path)).toEqual(['/8x8/vcs', '/8x8/vca', '/8x8/vcs', '/8x8/vss'])
    expect(call.warnings).toEqual([])
  })

  it('under a mount point of its own (http://host/ivr), the paths go under it, as before', async () => {
    const call = await callTo(`${outer.url}/ivr`, { platform: '8x8' }).expectAction('say').expectAction('hangup')
    expect(mounted.received.map((r) => r.path)).toEqual(['/8x8/vca', '/8x8/vss'])
    expect(call.warnings).toEqual([])
  })
})
