/**
 * The `type` of callbacks after the first is callspec's choice (only `init_call` is documented;
 * audit voxology-75 F3): the platform page says so where it lists the callbacks and at the first
 * example's `call.events`, with what an app should key on instead, and that advice holds in a call.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { callTo } from '../../../src/index.js'
import { scriptApp } from './helpers.js'

const page = readFileSync(new URL('../../../docs/platforms/voxology.md', import.meta.url), 'utf8')
const section = (title: string) => page.split(/^## /m).find((s) => s.startsWith(title)) ?? ''

describe('callback types in docs/platforms/voxology.md', () => {
  it('the callbacks section says the later types are callspec\'s, and what to key on', () => {
    const text = section('Callbacks callspec sends').replace(/\s+/g, ' ')
    expect(text).toContain('Only `init_call` is documented by Voxology')
    expect(text).toMatch(/`redirect` \(after a REDIRECT\), `script_end` \(the script ran out\) and `call_end` \(the call is over\) are callspec's own names/)
    expect(text).toContain('key on `status`')
    expect(text).toContain('`end_time`')
  })

  it('the first example says so at its call.events', () => {
    const example = section('A first test')
    expect(example).toMatch(/\/\/ `redirect` and `call_end` are callspec's names .*\n\s*\/\/ .*keys on `status`, not on `type`.*\n\s*expect\(call\.events\)\.toEqual\(\['init_call', 'redirect', 'call_end'\]\)/)
  })

  it('what the page says to key on tells the callbacks apart in a call', async () => {
    const seen: Array<{ path: string; status: unknown; end_time: unknown }> = []
    const { app } = scriptApp({
      '/': (cb, r) => {
        seen.push({ path: r.path, status: cb.status, end_time: cb.end_time })
        return cb.status === 'live-in-progress' ? { actions: [{ type: 'REDIRECT', params: { url: 'https://ivr.example.com/next' } }] } : undefined
      },
      '/next': (cb, r) => {
        seen.push({ path: r.path, status: cb.status, end_time: cb.end_time })
        return { actions: [{ type: 'HANGUP' }] }
      },
    })
    await callTo(app, { platform: 'voxology' }).expectAction('REDIRECT').expectHangup()
    expect(seen).toEqual([
      { path: '/', status: 'live-in-progress', end_time: undefined },
      { path: '/next', status: 'live-in-progress', end_time: undefined },
      { path: '/', status: 'completed', end_time: expect.any(String) },
    ])
  })
})
