import http from 'node:http'
import { callTo } from './src/index.js'
const server = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(500, {'content-type':'text/html'}); res.end('<html>boom</html>') }) })
await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()))
const url = `http://127.0.0.1:${(server.address() as any).port}`
const flows: Record<string, () => PromiseLike<unknown>> = {
  'webex-connect': () => callTo(url, { platform: 'webex-connect' }).expectAction('ANSWER'),
  '8x8': () => callTo(url, { platform: '8x8' }).expectAction('say'),
  enablex: () => callTo(url, { platform: 'enablex', limits: { appTimeoutMs: 300 } } as any).expectAction('accept'),
  voxology: () => callTo(url, { platform: 'voxology' }).expectAction('SAY'),
}
for (const [p, f] of Object.entries(flows)) { const s = performance.now(); try { await f(); console.log(p, 'PASSED') } catch (e) { console.log(p, (performance.now()-s).toFixed(0), (e as Error).message.split('\n').slice(0,4).join(' | ')) } }
server.close()
