/**
 * An app that asks a service in its own process over a MessagePort or a BroadcastChannel (a
 * worker pool's port, a cache module made at load) gets the reply on a later turn of the event
 * loop, and Node lists no message in flight (a port the app unref'ed is no resource at all). A wait
 * that ended with no turn took the app for quiet with its question on the way, and fired its 1.5 s
 * fallback first (audit-113: wrong in 5–13 of 15 calls). A wait in which the app posted a message
 * takes its turns, all three calm ones (the first message of a process needs three: before, the
 * first call of a busy run lost to the fallback about one run in two). Each call races a lookup answered at once against the fallback, several calls in
 * a row, as a suite makes them (the at-rest path applies from a process's second call or so).
 */
import type { ServerResponse } from 'node:http'
import { BroadcastChannel, MessageChannel } from 'node:worker_threads'
import { afterAll, describe, expect, it } from 'vitest'
import { callTo } from '../../src/index.js'
import { sendAction, tts, webexApp } from '../helpers/webex-apps.js'

/** A name service in this process, answering over a port made once, as at an app's load. */
const { port1: client, port2: service } = new MessageChannel()
service.on('message', (id: number) => service.postMessage({ id, name: 'Alice' }))
const waiting = new Map<number, (name: string) => void>()
client.on('message', ({ id, name }: { id: number; name: string }) => waiting.get(id)?.(name))
client.unref()
service.unref()
let next = 0
const overPort = () =>
  new Promise<string>((resolve) => {
    const id = ++next
    waiting.set(id, resolve)
    client.postMessage(id)
  })

/** The same over a BroadcastChannel: the service listens on one object, the app asks on another. */
const listening = new BroadcastChannel('names')
const asking = new BroadcastChannel('names')
listening.onmessage = () => listening.postMessage('Alice')
listening.unref()
asking.unref()
const overChannel = () =>
  new Promise<string>((resolve) => {
    asking.onmessage = (event) => resolve((event as unknown as { data: string }).data)
    asking.postMessage('who')
  })

afterAll(() => {
  client.close()
  listening.close()
  asking.close()
})

/** Greets the caller by the name `lookup` finds, or as a guest after the app's 1.5 s fallback. */
const greeter = (lookup: () => Promise<string>) =>
  webexApp((event) => {
    if (event.event === 'ACCEPTED') return { action: 'ANSWER' }
    if (event.event === 'ANSWERED')
      return (res: ServerResponse) =>
        void Promise.race([lookup(), new Promise<string>((resolve) => setTimeout(() => resolve('guest'), 1_500))]).then((name) =>
          sendAction(res, { action: 'PLAY', audio: [tts(`Hello ${name}.`)] }),
        )
    return event.event === 'PLAYED' ? { action: 'HANGUP' } : undefined
  })

const greetings = async (lookup: () => Promise<string>) => {
  const heard: string[] = []
  for (let i = 0; i < 8; i++) {
    const call = await callTo(greeter(lookup), { platform: 'webex-connect', seed: i + 1 }).expectAction('ANSWER').expectAction('PLAY').expectHangup()
    heard.push(call.prompts.join(' '))
  }
  return heard
}

describe('a lookup answered over a message channel in the process', () => {
  it('a MessagePort made at load: the reply comes before the fallback, call after call', async () => {
    expect(await greetings(overPort)).toEqual(Array(8).fill('Hello Alice.'))
  })

  it('a BroadcastChannel: the same', async () => {
    expect(await greetings(overChannel)).toEqual(Array(8).fill('Hello Alice.'))
  })
})
