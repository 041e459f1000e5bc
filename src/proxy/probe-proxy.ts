/**
 * Asks the server behind a proxy URL whether it is Electric's migrations proxy, before anything is
 * created: a URL that points at PostgreSQL itself passes a reachability check, and the mistake would
 * only show when the migration is applied (a syntax error at `ELECTRIC`).
 *
 * The question is a DDLX statement Electric answers itself without running anything:
 * `ALTER TABLE "electrify_probe" DISABLE ELECTRIC`. Electric 0.x (0.7 to 0.12.1,
 * components/electric/lib/electric/postgres/proxy/ at e0365c6c) finds it where Postgres's parser fails
 * (parser.ex, smuggle_electric_syntax), and, since DISABLE is behind a feature flag that is off by default
 * (query_analyser.ex, command_enabled?; config/runtime.exs), marks it not allowed: for a simple query
 * the proxy then answers the client itself (injector/electric.ex, validate_query → Operation.SyntaxError)
 * with `EX001 "ELECTRIC DISABLE is currently unsupported"` (EX900 before January 2024) and sends nothing
 * upstream. PostgreSQL answers 42601, a syntax error at "ELECTRIC", and runs nothing either. The probe
 * runs inside BEGIN … ROLLBACK all the same: were DISABLE switched on, Electric would run its procedure
 * `electric.disable`, which does nothing, in the transaction the ROLLBACK undoes.
 *
 * Electric does not check the user name (only the password), but two names switch its proxy into other
 * modes (proxy.ex, per_user): `prisma` (introspection for `electric generate`, in which migrations fail)
 * and `transparent` (statements pass to Postgres untouched, so ENABLE ELECTRIC fails). Such a URL is
 * refused before connecting.
 */
import { connectDatabase, type ConnectionFailure, type DatabaseClient } from '../db/connect.js'
import { ElectrifyError } from '../errors.js'
import { checkReachable } from './check-reachable.js'
import { hostAndPort, redactUrl } from './redact-url.js'

export const PROBE_SQL = 'ALTER TABLE "electrify_probe" DISABLE ELECTRIC'

export type ProxyProbe =
  | { kind: 'electric-proxy'; answer: string; then?: PromiseSettledResult<unknown> }
  | { kind: 'plain-postgres'; answer: string; error: ElectrifyError }
  | { kind: ConnectionFailure | 'reserved-user' | 'unrecognised'; error: ElectrifyError }

export interface ProbeOptions {
  /** Where the URL came from, for messages: "--proxy-url", "DATABASE_URL in .env.proxy". */
  from: string
  timeoutMs?: number
}

const RESERVED_USERS: Record<string, string> = {
  prisma: "switches Electric's proxy into its introspection mode (meant for `electric generate`), in which migrations fail",
  transparent: "makes Electric's proxy pass statements to PostgreSQL untouched, so ENABLE ELECTRIC fails",
}

/** Fixes for the proxy's connection failures that differ from a database's. */
export const PROXY_HINTS: Partial<Record<ConnectionFailure, string>> = {
  'auth-failed': "Use Electric's proxy password (PG_PROXY_PASSWORD, `proxy_password` by default) as the URL's password; any user name but `prisma` works.",
}

/** What answers at `url`, without creating or changing anything there. */
export async function probeProxy(url: string, options: ProbeOptions, then?: (client: DatabaseClient) => Promise<unknown>): Promise<ProxyProbe> {
  const user = userOf(url)
  if (user !== undefined && RESERVED_USERS[user]) {
    const error = new ElectrifyError(`the proxy URL's user name "${user}" ${RESERVED_USERS[user]}; the proxy URL came from ${options.from}`, {
      code: 'proxy/reserved-user',
      hint: `Use another user name in the proxy URL, e.g. postgres (Electric checks only the password): ${redactUrl(url).replace(`//${user}`, '//postgres')}`,
    })
    return { kind: 'reserved-user', error }
  }
  try {
    await checkReachable(url, options.from, options.timeoutMs)
  } catch (error) {
    if (error instanceof ElectrifyError) return { kind: 'unreachable', error }
    throw error
  }
  const connectOptions = { what: "Electric's proxy", from: options.from, scope: 'proxy' as const, timeoutMs: options.timeoutMs, hints: PROXY_HINTS }
  let client
  try {
    client = await connectDatabase(url, connectOptions)
  } catch (error) {
    if (error instanceof ElectrifyError) return { kind: error.code.slice('proxy/'.length) as ConnectionFailure, error }
    throw error
  }
  try {
    await client.query('BEGIN')
    const answer = await client.query(PROBE_SQL).then(
      (result) => ({ ok: true as const, tag: result.command }),
      (error: { code?: string; message?: string }) => ({ ok: false as const, code: error.code ?? '', message: error.message ?? String(error) }),
    )
    await client.query('ROLLBACK').catch(() => {})
    const probe = classify(url, options.from, answer)
    if (probe.kind !== 'electric-proxy' || !then) return probe
    const followed = await then(client).then(
      (value) => ({ status: 'fulfilled' as const, value }),
      (reason: unknown) => ({ status: 'rejected' as const, reason }),
    )
    return { ...probe, then: followed }
  } catch (error) {
    // BEGIN failed, or the server closed the connection: not how either of them behaves.
    return { kind: 'unrecognised', error: unrecognised(url, options.from, (error as Error).message) }
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * Throws the probe's error unless Electric's proxy answered. `then` runs on the probe's connection once
 * it did (after its transaction is rolled back), so that what a run asks next costs no connection of
 * its own; its outcome is returned as is, a failure included (the probe's answer stands).
 */
export async function requireElectricProxy<T = void>(url: string, options: ProbeOptions, then?: (client: DatabaseClient) => Promise<T>): Promise<PromiseSettledResult<T> | undefined> {
  const probe = await probeProxy(url, options, then)
  if (probe.kind !== 'electric-proxy') throw probe.error
  return probe.then as PromiseSettledResult<T> | undefined
}

type Answer = { ok: true; tag: string } | { ok: false; code: string; message: string }

function classify(url: string, from: string, answer: Answer): ProxyProbe {
  if (!answer.ok) {
    const shown = `${answer.code} ${answer.message}`
    if (answer.code.startsWith('EX') || /ELECTRIC DISABLE is currently unsupported/.test(answer.message)) return { kind: 'electric-proxy', answer: shown }
    if (answer.code === '42601' && /"ELECTRIC"/i.test(answer.message)) {
      const error = new ElectrifyError(
        `the server at ${server(url)} answered as plain PostgreSQL, not Electric's proxy (it does not understand Electric's DDLX: ${answer.message}); the proxy URL came from ${from}`,
        {
          code: 'proxy/plain-postgres',
          hint: "Point the proxy URL at Electric's migrations proxy, not at the database: Electric's host, its PG_PROXY_PORT (65432 by default) and PG_PROXY_PASSWORD, e.g. postgresql://postgres:proxy_password@localhost:65432/mydb. Migrations with ENABLE ELECTRIC cannot be applied to PostgreSQL directly.",
        },
      )
      return { kind: 'plain-postgres', answer: shown, error }
    }
    return { kind: 'unrecognised', error: unrecognised(url, from, shown) }
  }
  // Only if DISABLE were switched on in Electric (ELECTRIC_FEATURES): it answers with its own tag.
  if (/^ELECTRIC\b/.test(answer.tag)) return { kind: 'electric-proxy', answer: answer.tag }
  return { kind: 'unrecognised', error: unrecognised(url, from, `success (${answer.tag})`) }
}

function unrecognised(url: string, from: string, shown: string): ElectrifyError {
  return new ElectrifyError(`the server at ${server(url)} answered neither as Electric's proxy nor as PostgreSQL (${shown}); the proxy URL came from ${from}`, {
    code: 'proxy/unrecognised',
    hint: "Point the proxy URL at Electric's migrations proxy (PG_PROXY_PORT, 65432 by default).",
  })
}

function server(url: string): string {
  const { host, port } = hostAndPort(url)
  return `${host}:${port}`
}

function userOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).username) || undefined
  } catch {
    return undefined
  }
}
