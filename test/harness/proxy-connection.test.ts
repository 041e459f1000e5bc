/** The proxy stand-in as a plain PostgreSQL proxy: authentication, routing, untouched forwarding. */
import net from 'node:net'
import pg from 'pg'
import { serialize } from 'pg-protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, failure } from './pg-client.js'
import { createTestDatabase, testAdminUrl } from './in-test.js'
import { databaseName, withClient } from './postgres.js'
import { startProxy, upstreamFromUrl, type RunningProxy } from './proxy/index.js'

let proxy: RunningProxy
beforeAll(async () => {
  proxy = await startProxy({ upstream: upstreamFromUrl(testAdminUrl()), password: 'proxy_password' })
})
afterAll(() => proxy.stop())

describe('proxy stand-in: connections', () => {
  it('accepts any user name with the proxy password, and logs in upstream as the configured user', async () => {
    const database = databaseName(await createTestDatabase())
    const { client } = await connect(proxy.url(database, 'alice'))
    const { rows } = await client.query('SELECT current_user, current_database()')
    expect(rows).toEqual([{ current_user: upstreamFromUrl(testAdminUrl()).user, current_database: database }])
  })

  it('refuses a wrong password with SQLSTATE 28P01', async () => {
    const client = new pg.Client({ connectionString: proxy.url('postgres').replace(':proxy_password@', ':wrong@') })
    const error = await failure(client.connect())
    expect(error.code).toBe('28P01')
    expect(error.message).toBe('password authentication failed for user "postgres"')
  })

  it('passes on the server refusing an unknown database', async () => {
    const client = new pg.Client({ connectionString: proxy.url('no_such_database') })
    const error = await failure(client.connect())
    expect(error.code).toBe('3D000')
  })

  it('forwards ordinary SQL untouched, in both protocols, with notices and errors', async () => {
    const { client, tags, notices } = await connect(proxy.url(databaseName(await createTestDatabase())))
    await client.query('CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t VALUES (1, $$a;b$$)')
    const { rows } = await client.query('SELECT name FROM t WHERE id = $1', [1])
    expect(rows).toEqual([{ name: 'a;b' }])
    await client.query('DROP TABLE IF EXISTS missing')
    expect(notices.map((n) => n.message)).toEqual(['table "missing" does not exist, skipping'])
    expect(tags).toEqual(['CREATE TABLE', 'INSERT 0 1', 'SELECT 1', 'DROP TABLE'])
    const error = await failure(client.query('SELECT nope FROM t'))
    expect([error.code, error.position]).toEqual(['42703', '8'])
  })

  it('passes the server key through, so a cancel request reaches the server', async () => {
    const { client } = await connect(proxy.url(databaseName(await createTestDatabase())))
    const { rows } = await client.query('SELECT pg_backend_pid() AS pid')
    const backend = client as unknown as { processID: number; secretKey: number }
    expect(backend.processID).toBe(rows[0].pid)
    const sleeping = failure(client.query('SELECT pg_sleep(30)'))
    await untilSleeping(backend.processID)
    const cancel = net.connect(proxy.port, '127.0.0.1', () => cancel.end(serialize.cancel(backend.processID, backend.secretKey)))
    expect((await sleeping).code).toBe('57014') // query_canceled
  })
})

async function untilSleeping(pid: number): Promise<void> {
  await withClient(testAdminUrl(), async (admin) => {
    for (;;) {
      const { rows } = await admin.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event = 'PgSleep'`, [pid])
      if (rows.length > 0) return
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  })
}
