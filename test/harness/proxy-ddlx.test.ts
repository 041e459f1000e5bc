/** The proxy stand-in answering DDLX the way Electric 0.x's migrations proxy does. */
import { describe, expect, it } from 'vitest'
import { connect, extended, failure } from './pg-client.js'
import { createTestDatabase, proxyFor, testAdminUrl } from './in-test.js'
import { createDatabase, databaseName, dropDatabase, withClient } from './postgres.js'

/**
 * A fresh database, and a client connected to it through a proxy stand-in configured with it. Other
 * schemas are allowed (Electric before 0.9.3) so that name resolution can be shown on them too;
 * test/rules/proxy-stand-in.test.ts covers the default, which refuses them. `said` collects what the
 * proxy says when it closes a connection or leaves a message unanswered, as Electric would.
 */
async function throughProxy() {
  const directUrl = await createTestDatabase()
  const said: string[] = []
  let onSaid = () => {}
  const proxy = await proxyFor(directUrl, { allowOtherSchemas: true, log: (line) => (said.push(line), onSaid()) })
  const nextSaid = () => new Promise<string>((resolve) => (onSaid = () => resolve(said.at(-1)!)))
  return { ...(await connect(proxy.url())), directUrl, proxy, nextSaid }
}

async function electrified(directUrl: string): Promise<string[]> {
  return withClient(directUrl, async (client) => {
    const { rows } = await client.query(`SELECT schema_name || '.' || table_name AS name, oid = (quote_ident(schema_name) || '.' || quote_ident(table_name))::regclass AS oid_ok FROM electric.electrified ORDER BY 1`)
    expect(rows.every((r) => r.oid_ok)).toBe(true)
    return rows.map((r) => r.name)
  })
}

async function schemaExists(directUrl: string, schema: string): Promise<boolean> {
  return withClient(directUrl, async (client) => (await client.query('SELECT to_regnamespace($1) IS NOT NULL AS found', [schema])).rows[0].found)
}

describe('proxy stand-in: ENABLE ELECTRIC', () => {
  it('records the table in electric.electrified (schema created on first use), tag ELECTRIC ENABLE', async () => {
    const { client, tags, directUrl } = await throughProxy()
    await client.query('CREATE TABLE items (id uuid PRIMARY KEY)')
    expect(await schemaExists(directUrl, 'electric')).toBe(false)
    await client.query('ALTER TABLE items ENABLE ELECTRIC')
    expect(tags).toEqual(['CREATE TABLE', 'ELECTRIC ENABLE'])
    expect(await electrified(directUrl)).toEqual(['public.items'])
  })

  it('resolves names like Electric: unquoted lower-cased, quoted exact, schema public by default', async () => {
    const { client, tags, directUrl } = await throughProxy()
    await client.query(`CREATE SCHEMA other; CREATE TABLE "Item" (id uuid PRIMARY KEY); CREATE TABLE lower_case (id uuid PRIMARY KEY);
      CREATE TABLE other."Thing" (id uuid PRIMARY KEY); CREATE TABLE other.plain (id uuid PRIMARY KEY)`)
    await client.query(`ALTER TABLE "Item" ENABLE ELECTRIC; ALTER TABLE LOWER_Case ENABLE ELECTRIC;
      electric enable other."Thing"; ELECTRIC ENABLE OTHER.PLAIN`)
    expect(tags.slice(-4)).toEqual(Array(4).fill('ELECTRIC ENABLE'))
    expect(await electrified(directUrl)).toEqual(['other.Thing', 'other.plain', 'public.Item', 'public.lower_case'])
    const error = await failure(client.query('ALTER TABLE Item ENABLE ELECTRIC')) // unquoted: "item"
    expect([error.code, error.message]).toEqual(['42P01', 'relation "public.item" does not exist'])
  })

  it('answers 42P01 for an unknown table', async () => {
    const { client } = await throughProxy()
    const error = await failure(client.query('ALTER TABLE nowhere ENABLE ELECTRIC'))
    expect(error.code).toBe('42P01')
    expect(error.message).toBe('relation "public.nowhere" does not exist')
    expect(error.where).toBeUndefined() // none of the stand-in's plpgsql shows
  })

  it('answers a NOTICE and success for a table that is already electrified', async () => {
    const { client, tags, notices, directUrl } = await throughProxy()
    await client.query('CREATE TABLE items (id uuid PRIMARY KEY); ALTER TABLE items ENABLE ELECTRIC')
    await client.query('ALTER TABLE items ENABLE ELECTRIC')
    expect(tags.at(-1)).toBe('ELECTRIC ENABLE')
    expect(notices.map((n) => [n.severity, n.message, n.where])).toEqual([['NOTICE', 'table public.items is already electrified', undefined]])
    expect(await electrified(directUrl)).toEqual(['public.items'])
  })
})

describe('proxy stand-in: other DDLX', () => {
  it.each([
    ['ALTER TABLE items DISABLE ELECTRIC', 'ELECTRIC DISABLE'],
    ['ELECTRIC DISABLE items', 'ELECTRIC DISABLE'],
    ["ELECTRIC GRANT ALL ON items TO 'member'", 'ELECTRIC GRANT'],
    ["ELECTRIC REVOKE ALL ON items FROM 'member'", 'ELECTRIC REVOKE'],
    ["ELECTRIC ASSIGN 'member' TO users.id", 'ELECTRIC ASSIGN'],
    ["ELECTRIC UNASSIGN 'member' FROM users.id", 'ELECTRIC UNASSIGN'],
  ])('answers EX001 to %s', async (sql, tag) => {
    const { client } = await throughProxy()
    const error = await failure(client.query(sql))
    expect([error.code, error.message]).toEqual(['EX001', `${tag} is currently unsupported`])
  })

  it.each(['ELECTRIC ENABLE', 'ALTER TABLE items ENABLE ELECTRIC NOW', 'ELECTRIC NONSENSE'])(
    'answers code 00000 "Invalid ELECTRIC statement" to malformed DDLX: %s',
    async (sql) => {
      const { client } = await throughProxy()
      const error = await failure(client.query(sql))
      expect([error.code, error.message, error.where]).toEqual(['00000', 'Invalid ELECTRIC statement', undefined])
    },
  )

  it("answers SQL that fails before the word ELECTRIC with PostgreSQL's syntax error, as Electric does", async () => {
    const { client } = await throughProxy()
    const error = await failure(client.query('ALTER TABLE a, b ENABLE ELECTRIC'))
    expect([error.code, error.message, error.position]).toEqual(['42601', 'syntax error at or near ","', '13']) // Electric counts from 0
  })

  it('runs CALL electric.electrify(…) as ENABLE, as Electric does', async () => {
    const { client, tags, directUrl } = await throughProxy()
    await client.query(`CREATE TABLE items (id uuid PRIMARY KEY); CALL electric.electrify('items')`)
    expect(tags).toEqual(['CREATE TABLE', 'ELECTRIC ENABLE'])
    expect(await electrified(directUrl)).toEqual(['public.items'])
  })
})

describe("proxy stand-in: Electric's statement cutter and its quirks", () => {
  const table = 'CREATE TABLE items (id uuid PRIMARY KEY, note text);\n'

  it.each([
    ['a ; in a comment before DDLX', `${table}-- electrify; see docs\nALTER TABLE items ENABLE ELECTRIC;`, '00000', 'Invalid ELECTRIC statement'],
    ['a /* */ comment before DDLX', `${table}/* electrify */ ALTER TABLE items ENABLE ELECTRIC;`, '00000', 'Invalid ELECTRIC statement'],
    ['a non-ASCII character before DDLX', `${table}COMMENT ON TABLE items IS 'café';\nALTER TABLE items ENABLE ELECTRIC;`, '42601', 'syntax error at or near "ELECTRIC"'],
  ])('fails the whole script on %s', async (_, sql, code, message) => {
    const { client, directUrl } = await throughProxy()
    const error = await failure(client.query(sql))
    expect([error.code, error.message]).toEqual([code, message])
    await withClient(directUrl, async (c) => expect((await c.query(`SELECT to_regclass('items') AS t`)).rows).toEqual([{ t: null }]))
  })

  it.each([
    ['a DO block (any DO block: Electric cannot format its own error for it)', 'DO $$ BEGIN PERFORM 1; END $$', 'Unsupported DO...END block in migration'],
    ['a lone quote in a comment before DDLX', `${table}-- the user's items\nALTER TABLE items ENABLE ELECTRIC;`, 'an unbalanced quote next to DDLX'],
    ['ELECTRIC SQLITE', "ELECTRIC SQLITE 'CREATE TABLE x (id)'", 'ELECTRIC SQLITE has no table name'],
  ])('ends the connection without an answer on %s, as Electric crashes', async (_, sql, reason) => {
    const { client, nextSaid, directUrl } = await throughProxy()
    client.on('error', () => {}) // pg also reports the lost connection as an event
    const said = nextSaid()
    const error = await failure(client.query(sql))
    expect(error.message).toBe('Connection terminated unexpectedly')
    expect(await said).toContain(reason)
    await withClient(directUrl, async (c) => expect((await c.query(`SELECT to_regclass('items') AS t`)).rows).toEqual([{ t: null }]))
  })

  it('never answers a query of comments only, as Electric', async () => {
    const { client, nextSaid } = await throughProxy()
    client.on('error', () => {})
    const said = nextSaid()
    let settled = false
    void client.query('-- This is an empty migration.').then(() => (settled = true), () => (settled = true))
    expect(await said).toContain('gets no answer')
    expect(settled).toBe(false) // the proxy sent nothing on to the server: nothing will ever answer
  })
})

describe('proxy stand-in: transactions', () => {
  const migration = `CREATE TABLE "User" (id uuid PRIMARY KEY);
CREATE TABLE "Post" (id uuid PRIMARY KEY, "authorId" uuid NOT NULL);
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"(id);
ALTER TABLE "User" ENABLE ELECTRIC;
ALTER TABLE "Post" ENABLE ELECTRIC;`

  it('runs a migration as one script: statements, foreign keys, then ENABLE', async () => {
    const { client, tags, directUrl } = await throughProxy()
    await client.query(migration)
    expect(tags).toEqual(['CREATE TABLE', 'CREATE TABLE', 'ALTER TABLE', 'ELECTRIC ENABLE', 'ELECTRIC ENABLE'])
    expect(await electrified(directUrl)).toEqual(['public.Post', 'public.User'])
  })

  it.each([
    ['an unknown table', 'ALTER TABLE "Nope" ENABLE ELECTRIC', '42P01'],
    ['unsupported DDLX', 'ELECTRIC DISABLE "User"', 'EX001'],
    ['malformed DDLX', 'ELECTRIC ENABLE', '00000'],
    ['a foreign key added to a table electrified earlier in the script', 'ALTER TABLE "Post" ADD CONSTRAINT "again" FOREIGN KEY ("authorId") REFERENCES "User"(id)', 'EX007'],
    ['a syntax error', 'SELEC 1', '42601'],
  ])('rolls the whole script back on %s', async (_, failing, code) => {
    const { client, directUrl } = await throughProxy()
    const error = await failure(client.query(`${migration}\n${failing};\nCREATE TABLE after_failure (id int);`))
    expect(error.code).toBe(code)
    await withClient(directUrl, async (direct) => {
      const { rows } = await direct.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname IN ('public', 'electric')`)
      expect(rows[0].n).toBe(0)
    })
    expect(await schemaExists(directUrl, 'electric')).toBe(false)
  })

  it('answers EX007 to a foreign key on a table electrified earlier in the same transaction', async () => {
    const { client } = await throughProxy()
    await client.query('BEGIN')
    await client.query('CREATE TABLE a (id uuid PRIMARY KEY, b_id uuid); CREATE TABLE b (id uuid PRIMARY KEY)')
    await client.query('ALTER TABLE a ENABLE ELECTRIC')
    await client.query('ALTER TABLE b ADD CONSTRAINT b_self FOREIGN KEY (id) REFERENCES b(id)') // b is not electrified
    const error = await failure(client.query('ALTER TABLE a ADD CONSTRAINT a_b FOREIGN KEY (b_id) REFERENCES b(id)'))
    expect([error.code, error.message, error.where]).toEqual(['EX007', 'Cannot alter column "b_id" of electrified table "public"."a"', undefined])
    expect((await failure(client.query('SELECT 1'))).code).toBe('25P02') // the transaction is aborted
    await client.query('ROLLBACK')
  })

  it('shows errors of a guarded statement as the server would without the guard', async () => {
    const { client } = await throughProxy()
    await client.query('CREATE TABLE a (id uuid PRIMARY KEY); CREATE TABLE b (id uuid PRIMARY KEY)')
    const sql = 'ALTER TABLE a ENABLE ELECTRIC;\nALTER TABLE b ADD CONSTRAINT f FOREIGN KEY (id) REFERENCES a(id), ADD COLUMN x no_such_type'
    const error = await failure(client.query(sql))
    expect([error.code, error.position, error.where]).toEqual(['42704', String(sql.indexOf('no_such_type') + 1), undefined])
    const missing = await failure(client.query('ALTER TABLE b ADD CONSTRAINT f FOREIGN KEY (id) REFERENCES nowhere(id)'))
    expect([missing.code, missing.message, missing.where]).toEqual(['42P01', 'relation "nowhere" does not exist', undefined])
  })

  it('points error positions at the client\'s SQL, not at the SQL it was rewritten to', async () => {
    const { client } = await throughProxy()
    const sql = 'CREATE TABLE t (id int PRIMARY KEY);\nALTER TABLE t ENABLE ELECTRIC;\nSELECT no_such_column FROM t'
    expect((await failure(client.query(sql))).position).toBe(String(sql.indexOf('no_such_column') + 1))
    // positions count characters: 😀 is one character but two UTF-16 code units (after the DDLX:
    // before it, a non-ASCII character hides the DDLX from Electric)
    const wide = "CREATE TABLE t (id int PRIMARY KEY);\nALTER TABLE t ENABLE ELECTRIC;\nSELECT 'ÿ😀', no_such_column FROM t"
    expect((await failure(client.query(wide))).position).toBe(String([...wide.slice(0, wide.indexOf('no_such_column'))].length + 1))
  })
})

describe('proxy stand-in: extended protocol', () => {
  it('handles DDLX sent with Parse/Bind/Execute, also as a prepared statement run twice', async () => {
    const { client, tags, notices, directUrl } = await throughProxy()
    await client.query('CREATE TABLE items (id uuid PRIMARY KEY, parent uuid)')
    await client.query(extended('ALTER TABLE items ENABLE ELECTRIC'))
    await client.query({ name: 'other', text: 'SELECT $1::int AS one', values: [1] })
    await client.query(extended('ELECTRIC ENABLE items', 'enable_items'))
    await client.query(extended('ELECTRIC ENABLE items', 'enable_items'))
    expect(tags).toEqual(['CREATE TABLE', 'ELECTRIC ENABLE', 'SELECT 1', 'ELECTRIC ENABLE', 'ELECTRIC ENABLE'])
    expect(notices.map((n) => n.message)).toEqual(Array(2).fill('table public.items is already electrified'))
    expect(await electrified(directUrl)).toEqual(['public.items'])
  })

  it('answers the same errors as with a simple query', async () => {
    const { client } = await throughProxy()
    await client.query('CREATE TABLE items (id uuid PRIMARY KEY, parent uuid); ALTER TABLE items ENABLE ELECTRIC')
    const errors = [
      await failure(client.query(extended('ALTER TABLE nowhere ENABLE ELECTRIC'))),
      await failure(client.query(extended("ELECTRIC GRANT ALL ON items TO 'member'"))),
      await failure(client.query(extended('ELECTRIC ENABLE'))),
      await failure(client.query(extended('ALTER TABLE items ADD CONSTRAINT p FOREIGN KEY (parent) REFERENCES items(id)'))),
    ]
    expect(errors.map((e) => e.code)).toEqual(['42P01', 'EX001', '00000', 'EX007'])
    expect((await client.query(extended('SELECT 1 AS ok'))).rows).toEqual([{ ok: 1 }]) // the session goes on
  })
})

describe('proxy stand-in: Prisma shadow databases', () => {
  it('fakes DDLX success without running it, and enforces no rules', async () => {
    const adminUrl = testAdminUrl()
    const { proxy } = await throughProxy()
    const shadow = `prisma_migrate_shadow_db_${databaseName(await createTestDatabase())}`
    const directUrl = await createDatabase(adminUrl, shadow)
    const { client, tags } = await connect(proxy.url(shadow))
    try {
      await client.query(`CREATE TABLE a (id uuid PRIMARY KEY, b_id uuid); ALTER TABLE a ENABLE ELECTRIC;
        ELECTRIC ENABLE not_even_there; ELECTRIC GRANT ALL ON a TO 'member';
        ALTER TABLE a ADD CONSTRAINT a_self FOREIGN KEY (b_id) REFERENCES a(id)`)
      expect(tags).toEqual(['CREATE TABLE', 'ELECTRIC ENABLE', 'ELECTRIC ENABLE', 'ELECTRIC GRANT', 'ALTER TABLE'])
      expect(await schemaExists(directUrl, 'electric')).toBe(false)
      expect((await failure(client.query('ELECTRIC NONSENSE'))).code).toBe('00000')
    } finally {
      await client.end()
      await dropDatabase(adminUrl, shadow)
    }
  })
})
