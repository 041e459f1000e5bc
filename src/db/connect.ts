/**
 * The one way electrify talks to a database itself (not through Prisma): to ask the proxy what it is,
 * and to read `_prisma_migrations` or `electric.electrified`. A failed connection becomes an
 * ElectrifyError that says which server, why, where the URL came from, and what to do; the password
 * never appears in it.
 */
import { createRequire } from 'node:module'
import type pg from 'pg'
import type { Code } from '../codes.js'
import { ElectrifyError } from '../errors.js'
import { hostAndPort, redactUrl } from '../proxy/redact-url.js'

export type DatabaseClient = pg.Client

/** Why a connection failed, in the terms a message needs. */
export type ConnectionFailure = 'unreachable' | 'auth-failed' | 'database-missing' | 'refused'

/** The code of each failure, per kind of server: spelled out so that src/codes.ts's registry sees them. */
const FAILURE_CODES = {
  db: { 'unreachable': 'db/unreachable', 'auth-failed': 'db/auth-failed', 'database-missing': 'db/database-missing', 'refused': 'db/refused' },
  proxy: { 'unreachable': 'proxy/unreachable', 'auth-failed': 'proxy/auth-failed', 'database-missing': 'proxy/database-missing', 'refused': 'proxy/refused' },
} as const satisfies Record<string, Record<ConnectionFailure, Code>>

export interface ConnectOptions {
  /** What the server is, for messages: "the database", "the Electric proxy". */
  what?: string
  /** Where the URL came from, for messages: "--proxy-url", "DATABASE_URL in .env.proxy". */
  from?: string
  /** The prefix of the error codes: `db` (default) gives `db/unreachable`, `db/auth-failed`, … */
  scope?: keyof typeof FAILURE_CODES
  /** Give up connecting after this long (default 5000 ms). */
  timeoutMs?: number
  /** Better fixes than the general ones, for a kind of server (the proxy's password is PG_PROXY_PASSWORD). */
  hints?: Partial<Record<ConnectionFailure, string>>
}

type Globals = { navigator?: unknown }
let driver: typeof pg | undefined

/**
 * `pg`, loaded on first use. When it is imported it asks whether it runs in a Cloudflare Worker: on
 * Node 20, which has no global `navigator`, it constructs a `Response` to find out, which loads Node's
 * whole fetch implementation (undici), 15–45 ms of every run that connects. A `navigator` that says
 * what runs here (Node 21 and later have one of their own, which is left alone) answers it first. It
 * exists only while pg's modules load, synchronously (pg is CommonJS), so nothing else sees it.
 */
function loadPg(): typeof pg {
  if (driver) return driver
  const globals = globalThis as Globals
  const shim = typeof globals.navigator === 'undefined'
  if (shim) globals.navigator = { userAgent: `Node.js/${process.versions.node}` }
  try {
    driver = createRequire(import.meta.url)('pg') as typeof pg
  } finally {
    if (shim) delete globals.navigator
  }
  return driver
}

/** Connects to `url` (a Postgres URL as Prisma takes it); the caller ends the client. */
export async function connectDatabase(url: string, options: ConnectOptions = {}): Promise<DatabaseClient> {
  const client = new (loadPg().Client)({ connectionString: url, connectionTimeoutMillis: options.timeoutMs ?? 5000, application_name: 'electrify' })
  // A connection that breaks later is reported by the query that fails; without a listener the
  // client's 'error' event would end the process.
  client.on('error', () => {})
  try {
    await client.connect()
  } catch (error) {
    await client.end().catch(() => {})
    throw connectionError(url, error, options)
  }
  return client
}

/** Connects, runs `fn`, and closes the connection whatever happens. */
export async function withDatabase<T>(url: string, options: ConnectOptions, fn: (client: DatabaseClient) => Promise<T>): Promise<T> {
  const client = await connectDatabase(url, options)
  try {
    return await fn(client)
  } finally {
    await client.end().catch(() => {})
  }
}

/** The kind of a connection failure, from the error `pg` gives. */
export function connectionFailure(error: unknown): ConnectionFailure {
  const { code, message } = error as { code?: string; message?: string }
  if (code === '28P01' || code === '28000') return 'auth-failed'
  if (code === '3D000') return 'database-missing'
  if (code && /^(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EAI_AGAIN|ECONNRESET)$/.test(code)) return 'unreachable'
  if (/timeout/i.test(message ?? '')) return 'unreachable'
  // pg's SCRAM code refuses before asking the server when the URL has no password.
  if (/SASL|password must be a string/i.test(message ?? '')) return 'auth-failed'
  return 'refused'
}

export function connectionError(url: string, error: unknown, options: ConnectOptions = {}): ElectrifyError {
  const failure = connectionFailure(error)
  const what = options.what ?? 'the database'
  const where = `${what} at ${serverOf(url)}`
  const from = options.from ? `; the URL came from ${options.from}` : ''
  const detail = (error as Error).message || String(error)
  const messages: Record<ConnectionFailure, { message: string; hint: string }> = {
    'unreachable': {
      message: `cannot reach ${where} (${(error as { code?: string }).code ?? detail})${from}`,
      hint: `Start the server, or check the host and port in the URL (${redactUrl(url)}).`,
    },
    'auth-failed': {
      message: `${where} refused the user name or password (${detail})${from}`,
      hint: `Check the user name and password in the URL (${redactUrl(url)}).`,
    },
    'database-missing': {
      message: `${where} has no database ${JSON.stringify(databaseOf(url))} (${detail})${from}`,
      hint: `Check the database name in the URL (${redactUrl(url)}), or create the database.`,
    },
    'refused': {
      message: `cannot connect to ${where}: ${detail}${from}`,
      hint: `Check that the URL (${redactUrl(url)}) points at a PostgreSQL server or Electric's proxy.`,
    },
  }
  const { message, hint } = messages[failure]
  return new ElectrifyError(message, { code: FAILURE_CODES[options.scope ?? 'db'][failure], hint: options.hints?.[failure] ?? hint, cause: error })
}

/** `host:port`, or the whole URL (password hidden) when it cannot be read as one. */
function serverOf(url: string): string {
  try {
    const { host, port } = hostAndPort(url)
    return `${host}:${port}`
  } catch {
    return redactUrl(url)
  }
}

function databaseOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.slice(1))
  } catch {
    return '?'
  }
}
