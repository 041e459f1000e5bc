/** The proxy stand-in as a plain PostgreSQL proxy: authentication, routing, untouched forwarding. */
import net from 'node:net'
import pg from 'pg'
import { serialize } from 'pg-protocol'
import { describe, expect, it } from 'vitest'
import { connect, failure } from './pg-client.js'
import { createTestDatabase, proxyFor, testAdminUrl } from './in-test.js'
import { createDatabase, databaseName, dropDatabase, withClient } from './postgres.js'
import { upstreamFromUrl } from './proxy/index.js'

/** A fresh database and a proxy stand-in configured with it. */
async function databaseBehindProxy() {
  const directUrl = await createTestDatabase()
  return { directUrl, proxy: await proxyFor(directUrl) }
}

describe('proxy stand-in: connections', () => {
  it('accepts any user name with the proxy password, and logs in upstream as the configured user', async () => {
    const { directUrl, proxy } = await databaseBehindProxy()
    const { client } = await connect(proxy.url(undefined, 'alice'))
    const { rows } = await client.query('SELECT current_user, current_database()')
    expect(rows).toEqual([{ current_user: upstreamFromUrl(testAdminUrl()).user, current_database: databaseName(directUrl) }])
  })

  it("refuses a wrong password with SQLSTATE 28P01, in Electric's words", async () => {
    const { proxy } = await databaseBehindProxy()
    const client = new pg.Client({ connectionString: proxy.url().replace(':proxy_password@', ':wrong@') })
    const error = await failure(client.connect())
    expect(error.code).toBe('28P01')
    expect(error.message).toBe('Password authentication failed for user "postgres"')
  })
})

describe('proxy stand-in: routing by database name, as Electric', () => {
  it('connects every client to the one configured database, whatever database it asks for', async () => {
    const { directUrl, proxy } = await databaseBehindProxy()
    for (const asked of ['other', 'postgres', 'no_such_database']) {
      const { client } = await connect(proxy.url(asked))
      expect((await client.query('SELECT current_database() AS db')).rows, asked).toEqual([{ db: databaseName(directUrl) }])
    }
  })

  it('connects a name starting with prisma_migrate_shadow_db to that database on the same server', async () => {
    const { proxy } = await databaseBehindProxy()
    const shadow = `prisma_migrate_shadow_db_${databaseName(await createTestDatabase())}`
    await createDatabase(testAdminUrl(), shadow)
    try {
      const { client } = await connect(proxy.url(shadow))
      expect((await client.query('SELECT current_database() AS db')).rows).toEqual([{ db: shadow }])
      await client.end()
    } finally {
      await dropDatabase(testAdminUrl(), shadow)
    }
  })

  it('passes on the server refusing a shadow database that does not exist', async () => {
    const { proxy } = await databaseBehindProxy()
    const error = await failure(new pg.Client({ connectionString: proxy.url('prisma_migrate_shadow_db_missing') }).connect())
    expect(error.code).toBe('3D000')
  })
})

describe('proxy stand-in: forwarding', () => {
  it('forwards ordinary SQL untouched, in both protocols, with notices and errors', async () => {
    const { client, tags, notices } = await connect((await databaseBehindProxy()).proxy.url())
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
    const { proxy } = await databaseBehindProxy()
    const { client } = await connect(proxy.url())
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
