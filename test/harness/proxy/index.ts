/**
 * A stand-in for ElectricSQL 0.x's migrations proxy: a PostgreSQL-protocol server in front of a real
 * server. See docs/test-harness.md for what it reproduces.
 *
 *   const proxy = await startProxy({ upstream: { host, port, user, password }, password: 'proxy_password' })
 *   new pg.Client(proxy.url('mydb'))   // any user name, the proxy password
 *   await proxy.stop()
 */
import net from 'node:net'
import { loadSqlParser } from '../../../src/sql/statements.js'
import { acceptClient } from './client-handshake.js'
import { MessageSocket } from './message-socket.js'
import { relaySession } from './session.js'
import { UpstreamRefused, connectUpstream, forwardCancel, type UpstreamConfig } from './upstream.js'
import { errorMessage } from './wire.js'

export type { UpstreamConfig } from './upstream.js'

export interface ProxyOptions {
  upstream: UpstreamConfig
  /** the password every client must give (Electric's PG_PROXY_PASSWORD) */
  password: string
  /** default 0: any free port */
  port?: number
  /**
   * ENABLE accepts tables outside the `public` schema, as Electric did before 0.9.3. Off by default:
   * like Electric 0.9.3 and later, ENABLE then refuses them with EX014. Tests of name resolution turn
   * it on to electrify tables in other schemas.
   */
  allowOtherSchemas?: boolean
}

export interface RunningProxy {
  port: number
  /** postgresql://user:password@127.0.0.1:port/database through the proxy */
  url(database: string, user?: string): string
  stop(): Promise<void>
}

/** The upstream settings of a server URL such as the suite's admin URL (its database is not used). */
export function upstreamFromUrl(serverUrl: string): UpstreamConfig {
  const url = new URL(serverUrl)
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  }
}

/** Where Electric sends Prisma's shadow-database connections: DDLX is faked there, not run. */
const SHADOW_DATABASE_PREFIX = 'prisma_migrate_shadow_db'

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  await loadSqlParser()
  const sockets = new Set<net.Socket>()
  const track = (socket: net.Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  }

  const server = net.createServer((socket) => {
    track(socket)
    socket.setNoDelay(true)
    void serve(new MessageSocket(socket), options, track)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as net.AddressInfo

  return {
    port,
    url: (database, user = 'postgres') =>
      `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(options.password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const socket of sockets) socket.destroy()
      await closed
    },
  }
}

async function serve(client: MessageSocket, options: ProxyOptions, track: (socket: net.Socket) => void): Promise<void> {
  try {
    const hello = await acceptClient(client, options.password)
    if (!hello) return
    if (hello.kind === 'cancel') {
      forwardCancel(options.upstream, hello.packet)
      return client.end()
    }
    let upstream
    try {
      upstream = await connectUpstream(options.upstream, hello.database, hello.parameters)
    } catch (error) {
      // The server's own refusal (e.g. 3D000 database does not exist) is the most useful answer.
      if (error instanceof UpstreamRefused) return client.end(error.response.raw)
      return client.end(errorMessage('FATAL', '08006', `proxy: cannot reach the server: ${String(error)}`))
    }
    const { server, greeting } = upstream
    track(server.socket)
    if (client.socket.destroyed) return server.end() // the client left while the proxy logged in
    server.socket.once('close', () => client.socket.end())
    client.socket.once('close', () => server.socket.end())
    for (const message of greeting) client.write(message)
    relaySession(client, server, { shadow: hello.database.startsWith(SHADOW_DATABASE_PREFIX), publicSchemaOnly: !options.allowOtherSchemas })
  } catch {
    client.socket.destroy() // the client went away during start-up
  }
}
