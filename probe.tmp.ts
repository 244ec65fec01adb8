import net from 'node:net'
import zlib from 'node:zlib'
import { callTo, startPlatform } from './src/index.js'
import { rawServer } from './test/hostile/harness.js'

const http = (status: string, headers: Record<string,string>, body: string | Buffer) => {
  const b = typeof body === 'string' ? Buffer.from(body) : body
  const h = Object.entries({ 'content-length': String(b.length), ...headers }).map(([k,v]) => `${k}: ${v}\r\n`).join('')
  return Buffer.concat([Buffer.from(`HTTP/1.1 ${status}\r\n${h}\r\n`), b])
}
type B = (s: net.Socket, req: Promise<string>, url: () => string) => void
const send = (bytes: Buffer | string): B => (s, req) => { void req.then(() => s.end(bytes)) }
const deepJson = '{"a":'.repeat(100000) + '1' + '}'.repeat(100000)
const behaviours: Record<string, B> = {
  deep: send(http('200 OK', { 'content-type': 'application/json' }, deepJson)),
  deepArr: send(http('200 OK', { 'content-type': 'application/json' }, '{"action":"PLAY","callflow":' + '['.repeat(100000) + ']'.repeat(100000) + ',"actions":[]}')),
  proto: send(http('200 OK', { 'content-type': 'application/json' }, '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"action":"ANSWER","callflow":[],"actions":[]}')),
  big: send(http('200 OK', { 'content-type': 'application/json' }, 'x'.repeat(1000000))),

  redirect: send(http('302 Found', { location: 'http://127.0.0.1:9/elsewhere' }, '')),
  redirectLoop: (s, req, url) => { void req.then(() => s.end(http('302 Found', { location: url() + '/' }, ''))) },
  invalidUtf8: send(http('200 OK', { 'content-type': 'application/json' }, Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]))),
  gzip: send(http('200 OK', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, zlib.gzipSync('{"action":"ANSWER"}'))),
  resetMid: (s, req) => { void req.then(() => { s.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"act'); setTimeout(() => s.resetAndDestroy(), 20) }) },
  badChunked: send('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'),
  headers10k: (s, req) => { void req.then(() => { s.write('HTTP/1.1 200 OK\r\n'); for (let i=0;i<10000;i++) s.write(`x-h${i}: v\r\n`); s.end('content-length: 2\r\n\r\n{}') }) },
  garbage: send('NOT HTTP AT ALL\r\n\r\n'),
  shortBody: (s, req) => { void req.then(() => s.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"a":1}')) },
  resetBefore: (s, req) => { void req.then(() => s.resetAndDestroy()) },
  html500: send(http('500 Internal Server Error', { 'content-type': 'text/html' }, '<html><body>boom</body></html>')),
}
const platform = await startPlatform('enablex')
const flows: Record<string, (url: string) => PromiseLike<unknown>> = {
  'webex-connect': (url) => callTo(url, { platform: 'webex-connect', limits: { responseTimeoutMs: 500 } }).expectAction('ANSWER'),
  '8x8': (url) => callTo(url, { platform: '8x8', limits: { responseTimeoutMs: 500 } }).expectAction('say'),
  enablex: (url) => callTo(url, { platform: 'enablex', api: platform, limits: { responseTimeoutMs: 500, appTimeoutMs: 300 } }).expectAction('accept'),
  voxology: (url) => callTo(url, { platform: 'voxology', limits: { responseTimeoutMs: 500 } }).expectAction('SAY'),
}
const only = process.argv[2]
for (const [bn, b] of Object.entries(behaviours)) {
  if (only && bn !== only) continue
  for (const [p, f] of Object.entries(flows)) {
    let u = ''
    const srv = await rawServer((s, r) => b(s, r, () => u))
    u = srv.url
    const s = performance.now()
    try { await f(srv.url); console.log(bn, p, 'PASSED') } catch (e) { console.log(bn, p, (performance.now()-s).toFixed(0)+'ms', (e as Error).message.split('\n').filter(l => !l.startsWith('{')).slice(0,3).join(' | ').slice(0, 400)) }
    await srv.close()
  }
}
await platform.close()
