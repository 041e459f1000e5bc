/**
 * A stand-in for ElectricSQL 0.x's migrations proxy: a PostgreSQL-protocol server in front of one
 * database of a real server. See docs/test-harness.md for what it reproduces.
 *
 *   const proxy = await startProxy({ upstream: upstreamFromUrl(databaseUrl), password: 'proxy_password' })
 *   new pg.Client(proxy.url())   // any user name, the proxy password; any database name lands in databaseUrl's
 *   await proxy.stop()
 */
import net from 'node:net'
import { loadModule } from 'libpg-query'
import { acceptClient } from './client-handshake.js'
import { MessageSocket } from './message-socket.js'
import { relaySession } from './session.js'
import { UpstreamRefused, connectUpstream, forwardCancel, type UpstreamConfig } from './upstream.js'
import { errorMessage } from './wire.js'

export type { UpstreamConfig } from './upstream.js'

export interface ProxyOptions {
  /** the server, credentials and the one database Electric is configured with (its DATABASE_URL) */
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
  /** where the proxy says why it closes a connection or leaves a message unanswered as Electric would (default: stderr) */
  log?: (line: string) => void
}

export interface RunningProxy {
  port: number
  /**
   * postgresql://user:password@127.0.0.1:port/database through the proxy; the database name defaults
   * to the configured one (any other name lands there too, except a Prisma shadow database's)
   */
  url(database?: string, user?: string): string
  stop(): Promise<void>
}

/** The upstream settings of a database URL: server, credentials and database. */
export function upstreamFromUrl(databaseUrl: string): UpstreamConfig {
  const url = new URL(databaseUrl)
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username),
  }
}

/**
 * Electric connects every client to its one configured database, whatever the client asks for, except
 * names starting with this prefix: Prisma's shadow databases, reached on the same server, where DDLX is
 * faked (injector.ex `per_database_injector`, injector/shadow.ex `upstream_connection`).
 */
const SHADOW_DATABASE_PREFIX = 'prisma_migrate_shadow_db'

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  await loadModule()
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
    url: (database = options.upstream.database, user = 'postgres') =>
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
    const shadow = hello.database.startsWith(SHADOW_DATABASE_PREFIX)
    let upstream
    try {
      upstream = await connectUpstream(options.upstream, shadow ? hello.database : options.upstream.database, hello.parameters)
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
    const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
    relaySession(client, server, { shadow, publicSchemaOnly: !options.allowOtherSchemas, log })
  } catch {
    client.socket.destroy() // the client went away during start-up
  }
}
