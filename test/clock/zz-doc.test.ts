import express from 'express'
import { it } from 'vitest'
import { callTo } from '../../src/index.js'
import { createTimersIvrApp } from '../../examples/enablex-timers/app.js'
const config = { apiBase: 'https://api.enablex.io', appId: 'acme-app-id', appKey: 'acme-app-key' }
it('doc', async () => {
  const app = express()
  app.use(express.json())
  app.post('/event', (req, _res, next) => { if (req.body.state === 'incomingcall') setTimeout(() => {}, 3_600_000); next() })
  app.use(createTimersIvrApp(config))
  const a = await callTo(app, { platform: 'enablex', seed: 7 }).expectAction('accept').expectAction('play').pressDigits('1').expectAction('play').expectAction('hangup')
  console.log(a.print().split('\n').filter((l) => l.includes('pending')).join('\n'))
  const b = await callTo(createTimersIvrApp(config), { platform: 'enablex', seed: 8, unconsumed: 'ignore' }).expectAction('accept').expectAction('play').pressDigits('1').staySilent(60_000)
  console.log(b.print().split('\n').filter((l) => l.includes('cut short')).join('\n'))
})
