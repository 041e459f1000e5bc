/**
 * Reading `_prisma_migrations` and `electric.electrified` from a real PostgreSQL, directly and through the
 * proxy stand-in, after the real Prisma CLI applied (and failed to apply) migrations through the proxy.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { ElectrifyError } from '../../src/errors.js'
import { readDatabaseState } from '../../src/status/read-database-state.js'
import { createTestDatabase, createTestPrismaApp, proxyFor } from '../harness/in-test.js'
import { databaseName, withClient } from '../harness/postgres.js'

const PROXY = { what: "Electric's proxy", scope: 'proxy' as const }

async function writeMigration(migrationsDir: string, name: string, sql: string): Promise<void> {
  await mkdir(path.join(migrationsDir, name), { recursive: true })
  await writeFile(path.join(migrationsDir, name, 'migration.sql'), sql)
}

describe('readDatabaseState', () => {
  test('a fresh database: neither table exists, and reading creates nothing (directly or through the proxy)', async () => {
    const directUrl = await createTestDatabase()
    const proxyUrl = (await proxyFor(directUrl)).url()
    expect(await readDatabaseState(directUrl)).toEqual({ migrations: null, electrified: null })
    expect(await readDatabaseState(proxyUrl, PROXY)).toEqual({ migrations: null, electrified: null })
    const schemas = await withClient(directUrl, async (c) => (await c.query("SELECT nspname FROM pg_namespace WHERE nspname = 'electric'")).rowCount)
    expect(schemas).toBe(0)
  })

  test('after Prisma applied one migration through the proxy and failed another: the same through the proxy as directly', async () => {
    const directUrl = await createTestDatabase()
    const proxyUrl = (await proxyFor(directUrl)).url()
    const app = await createTestPrismaApp('basic', proxyUrl)
    const init = '20240101000000_init'
    await writeMigration(
      app.migrationsDir,
      init,
      'CREATE TABLE "User" ("id" TEXT NOT NULL, "email" TEXT NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));\n' +
        'CREATE TABLE "Post" ("id" TEXT NOT NULL, "title" TEXT NOT NULL, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));\n' +
        'ALTER TABLE "User" ENABLE ELECTRIC;\nALTER TABLE "Post" ENABLE ELECTRIC;\n',
    )
    await writeFile(path.join(app.migrationsDir, 'migration_lock.toml'), 'provider = "postgresql"\n')
    const deployed = await app.prisma(['migrate', 'deploy'])
    expect(deployed.code, deployed.stderr).toBe(0)
    // Electric refuses to drop a column of an electrified table (EX010): Prisma records the migration as failed.
    await writeMigration(app.migrationsDir, '20240102000000_drop_title', 'ALTER TABLE "Post" DROP COLUMN "title";\n')
    const refused = await app.prisma(['migrate', 'deploy'])
    expect(refused.code).not.toBe(0)

    const state = await readDatabaseState(proxyUrl, PROXY)
    expect(state.electrified).toEqual([
      { schema: 'public', name: 'Post' },
      { schema: 'public', name: 'User' },
    ])
    expect(state.migrations).toEqual([
      { name: init, startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), finishedAt: expect.stringMatching(/^\d{4}-/), rolledBackAt: null, logs: null },
      { name: '20240102000000_drop_title', startedAt: expect.any(String), finishedAt: null, rolledBackAt: null, logs: expect.stringContaining('ERROR: Cannot drop column "title" of electrified table "public"."Post"') },
    ])
    expect(await readDatabaseState(directUrl)).toEqual(state)
  })

  test("_prisma_migrations in the schema the URL's ?schema= names, as Prisma keeps it there", async () => {
    const directUrl = await createTestDatabase()
    await withClient(directUrl, async (c) => {
      await c.query('CREATE SCHEMA "my app"')
      // Prisma's own definition of the table (prisma-engines, schema-engine/connectors/sql-schema-connector).
      await c.query(`CREATE TABLE "my app"._prisma_migrations (
        id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ, migration_name VARCHAR(255) NOT NULL,
        logs TEXT, rolled_back_at TIMESTAMPTZ, started_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_steps_count INTEGER NOT NULL DEFAULT 0)`)
      await c.query(`INSERT INTO "my app"._prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ('1', 'x', now(), '1_init', 1)`)
    })
    const url = `${directUrl}?schema=${encodeURIComponent('my app')}`
    expect((await readDatabaseState(url)).migrations?.map((m) => m.name)).toEqual(['1_init'])
    expect((await readDatabaseState(directUrl)).migrations).toBeNull()
  })

  test('a user who may not read the tables gets db/read-failed, naming the database without its password', async () => {
    const directUrl = await createTestDatabase()
    const role = `electrify_reader_${databaseName(directUrl).slice(-12)}`
    await withClient(directUrl, async (c) => {
      await c.query('CREATE TABLE _prisma_migrations (migration_name text, started_at timestamptz, finished_at timestamptz, rolled_back_at timestamptz, logs text)')
      await c.query(`CREATE ROLE ${role} LOGIN PASSWORD 'secret-pw'`)
    })
    try {
      const url = new URL(directUrl)
      url.username = role
      url.password = 'secret-pw'
      const error = await readDatabaseState(url.toString()).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ElectrifyError)
      expect(error).toMatchObject({ code: 'db/read-failed' })
      expect((error as Error).message).toMatch(/cannot read _prisma_migrations and electric\.electrified from the database \(postgresql:\/\/electrify_reader_\w+:\*\*\*\*@.*\): 42501 permission denied for table _prisma_migrations/)
      expect((error as Error).message).not.toContain('secret-pw')
    } finally {
      await withClient(directUrl, (c) => c.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`))
    }
  })

  test('nothing listening: the connection error of the kind of server asked (proxy/unreachable)', async () => {
    const stopped = await proxyFor(await createTestDatabase())
    const url = stopped.url()
    await stopped.stop()
    await expect(readDatabaseState(url, { ...PROXY, from: '--proxy-url' })).rejects.toMatchObject({ code: 'proxy/unreachable', message: expect.stringContaining('the URL came from --proxy-url') })
  })
})
