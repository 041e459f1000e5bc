/** The proxy probe against real servers: the suite's PostgreSQL, and the proxy stand-in in front of it. */
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest'
import { ElectrifyError } from '../../src/errors.js'
import { readAppliedMigrations } from '../../src/history/shared-migrations.js'
import { probeProxy, requireElectricProxy } from '../../src/proxy/probe-proxy.js'
import { createTestDatabase, testAdminUrl } from '../harness/in-test.js'
import { databaseName, freePort, withClient } from '../harness/postgres.js'
import { startProxy, upstreamFromUrl, type RunningProxy } from '../harness/proxy/index.js'

let proxy: RunningProxy
beforeAll(async () => {
  // The stand-in connects to the database the client names. (Another branch gives it a configured
  // upstream `database`, as Electric has; pass it here once that lands.)
  proxy = await startProxy({ upstream: upstreamFromUrl(testAdminUrl()), password: 'proxy_password' })
})
afterAll(() => proxy.stop())

const from = 'DATABASE_URL in .env.proxy'

/** Everything a statement could have created or left behind in a database. */
async function snapshot(url: string): Promise<unknown> {
  return withClient(url, async (client) => {
    const objects = await client.query(`SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace ORDER BY 1, 2`)
    const procedures = await client.query(`SELECT n.nspname, p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`)
    return { objects: objects.rows, procedures: procedures.rows }
  })
}

async function openSessions(database: string): Promise<number> {
  return withClient(testAdminUrl(), async (client) => {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'electrify'`, [database])
    return rows[0].n as number
  })
}

describe('what answers', () => {
  test("Electric's proxy (the stand-in) answers the DDLX itself: EX001", async () => {
    const url = await createTestDatabase()
    const before = await snapshot(url)
    const probe = await probeProxy(proxy.url(databaseName(url)), { from })
    expect(probe).toEqual({ kind: 'electric-proxy', answer: 'EX001 ELECTRIC DISABLE is currently unsupported' })
    expect(await snapshot(url)).toEqual(before)
    expect(await openSessions(databaseName(url))).toBe(0)
  })

  test('plain PostgreSQL answers a syntax error at ELECTRIC, and is named as such, with the fix', async () => {
    const url = await createTestDatabase()
    const before = await snapshot(url)
    const probe = await probeProxy(url, { from })
    expect(probe.kind).toBe('plain-postgres')
    if (probe.kind !== 'plain-postgres') return
    expect(probe.answer).toBe('42601 syntax error at or near "ELECTRIC"')
    const port = new URL(url).port
    expect(probe.error.message).toBe(
      `the server at 127.0.0.1:${port} answered as plain PostgreSQL, not Electric's proxy (it does not understand Electric's DDLX: syntax error at or near "ELECTRIC"); the proxy URL came from ${from}`,
    )
    expect(probe.error).toMatchObject({ code: 'proxy/plain-postgres', exitCode: 1 })
    expect(probe.error.hint).toContain('65432')
    expect(await snapshot(url)).toEqual(before)
    expect(await openSessions(databaseName(url))).toBe(0)
  })

  test('requireElectricProxy passes for the proxy and throws the probe error otherwise', async () => {
    const url = await createTestDatabase()
    await expect(requireElectricProxy(proxy.url(databaseName(url)), { from })).resolves.toBeUndefined()
    await expect(requireElectricProxy(url, { from })).rejects.toMatchObject({ code: 'proxy/plain-postgres' })
  })

  test("what a run asks next goes over the probe's connection, after its transaction; its failure is returned, not thrown; nothing stays open", async () => {
    const url = await createTestDatabase()
    // A stand-in in front of this test's database (Electric serves one database).
    const own = await startProxy({ upstream: upstreamFromUrl(url), password: 'proxy_password' })
    onTestFinished(() => own.stop())
    const through = own.url(databaseName(url))
    await withClient(url, (c) => c.query('CREATE TABLE "_prisma_migrations" (migration_name text, finished_at timestamptz, rolled_back_at timestamptz); INSERT INTO "_prisma_migrations" VALUES (\'1_init\', now(), NULL)'))
    const read = await requireElectricProxy(through, { from }, (client) => readAppliedMigrations(client, through))
    expect(read).toEqual({ status: 'fulfilled', value: new Set(['1_init']) })
    const failed = await requireElectricProxy(through, { from }, (client) => client.query('SELECT * FROM "no such table"'))
    expect(failed).toMatchObject({ status: 'rejected', reason: { code: '42P01' } })
    // Not asked when it is not Electric's proxy.
    let asked = false
    await expect(requireElectricProxy(url, { from }, async () => void (asked = true))).rejects.toMatchObject({ code: 'proxy/plain-postgres' })
    expect(asked).toBe(false)
    expect(await openSessions(databaseName(url))).toBe(0)
  })
})

describe('when it cannot tell', () => {
  test('nothing listening: unreachable, as the reachability check says it', async () => {
    const port = await freePort()
    const probe = await probeProxy(`postgresql://postgres:proxy_password@127.0.0.1:${port}/db`, { from, timeoutMs: 2000 })
    expect(probe.kind).toBe('unreachable')
    expect('error' in probe && probe.error).toMatchObject({ code: 'proxy/unreachable', message: `cannot reach the Electric proxy at 127.0.0.1:${port} (ECONNREFUSED); the proxy URL came from ${from}` })
  })

  test('a wrong proxy password: auth-failed, the fix names PG_PROXY_PASSWORD, the password is not shown', async () => {
    const url = proxy.url(databaseName(await createTestDatabase())).replace(':proxy_password@', ':s3cret-guess@')
    const probe = await probeProxy(url, { from })
    expect(probe.kind).toBe('auth-failed')
    const error = (probe as { error: ElectrifyError }).error
    expect(error.code).toBe('proxy/auth-failed')
    expect(error.message).toContain(`Electric's proxy at 127.0.0.1:${proxy.port} refused the user name or password`)
    expect(error.hint).toContain('PG_PROXY_PASSWORD')
    expect(`${error.message} ${error.hint}`).not.toContain('s3cret-guess')
  })

  test('a database PostgreSQL does not have: database-missing', async () => {
    const url = new URL(testAdminUrl())
    url.pathname = '/no_such_database'
    const probe = await probeProxy(url.toString(), { from })
    expect(probe.kind).toBe('database-missing')
    expect((probe as { error: ElectrifyError }).error.message).toContain('has no database "no_such_database"')
  })

  test('the user names that switch Electric into other modes are refused before connecting', async () => {
    const port = await freePort() // nothing listens: the probe must not even try
    for (const user of ['prisma', 'transparent']) {
      const probe = await probeProxy(`postgresql://${user}:proxy_password@127.0.0.1:${port}/db`, { from })
      expect(probe.kind).toBe('reserved-user')
      const error = (probe as { error: ElectrifyError }).error
      expect(error.code).toBe('proxy/reserved-user')
      expect(error.message).toContain(`user name "${user}"`)
      expect(error.hint).toContain(`postgresql://postgres:****@127.0.0.1:${port}/db`)
    }
  })

  test('a server that is not PostgreSQL at all: refused, with the URL to check', async () => {
    const server = net.createServer((socket) => {
      socket.on('error', () => {}) // the reachability check hangs up at once
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as net.AddressInfo
    try {
      const probe = await probeProxy(`postgresql://postgres:proxy_password@127.0.0.1:${port}/db`, { from, timeoutMs: 2000 })
      expect(probe.kind).toBe('refused')
      const error = (probe as { error: ElectrifyError }).error
      expect(error.message).toMatch(new RegExp(`^cannot connect to Electric's proxy at 127\\.0\\.0\\.1:${port}: `))
      expect(error.hint).toContain('postgresql://postgres:****@127.0.0.1')
    } finally {
      server.close()
    }
  })
})
