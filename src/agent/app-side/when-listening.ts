import { Server } from 'node:net'

/**
 * Runs `then` once, when this process first listens on a TCP port (an HTTP server of the app's, or
 * any server on a port). The agent opens its channel then, not at preload: started with
 * `NODE_OPTIONS=--import callspec/agent npm start` (or through tsx's or nodemon's CLI), the
 * launcher is a Node process too and loads the agent before it starts the app. Connected at once,
 * it took the channel from the app, the app's agent took it back 250 ms later, and so on: a call
 * longer than that failed with "another process of the app (pid <npm's>) … cluster workers", or
 * ran on the launcher's clock while the app's timers kept real time (measured, helper-189). A
 * launcher serves nothing (tsx's IPC server listens on a pipe, not a port); the app, which callspec
 * calls by URL, always listens.
 *
 * `listen` is wrapped on net.Server's prototype, which http, https and http2 servers (Express,
 * Fastify, Koa) and cluster workers' servers share; the wrapper stays (another module may have
 * wrapped it after), a check of one flag once the port is open.
 */
export function whenListening(then: () => void): void {
  const listen = Server.prototype.listen
  let open = false
  const onListening = function (this: Server) {
    const address = this.address()
    if (open || address === null || typeof address === 'string') return
    open = true
    then()
  }
  Server.prototype.listen = function (this: Server, ...args: unknown[]) {
    if (!open) this.once('listening', onListening)
    return Reflect.apply(listen, this, args) as Server
  } as typeof listen
}
