/** Shared migrations from a real git repository and a database migrated by the real Prisma CLI. */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { appliedMigrations, committedMigrations, describeShared, sharedMigrations } from '../../src/history/shared-migrations.js'
import { migration, tempProject } from '../commands/temp-project.js'
import { gitRepo, isolateGitConfig } from '../git/git-repo.js'
import { createTestDatabase, createTestPrismaApp } from '../harness/in-test.js'
import { withClient } from '../harness/postgres.js'
import type { CliResult, PrismaApp } from '../harness/prisma-project.js'

isolateGitConfig()

const sql = (text: string) => `-- CreateTable\n${text}\n`

describe('committed in git', () => {
  test("only migrations whose migration.sql is in HEAD: not staged, not untracked, whatever the working tree says", async () => {
    const repo = await gitRepo({
      [migration('20240101000000_init')]: sql('CREATE TABLE "A" ("id" TEXT PRIMARY KEY);'),
      [migration('20240102000000_café au lait')]: sql('CREATE TABLE "B" ("id" TEXT PRIMARY KEY);'),
      'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
      'prisma/migrations/20240102500000_notes/README.md': 'no migration.sql here\n',
    })
    await repo.git('add', '.')
    await repo.git('commit', '-q', '-m', 'init')
    const migrationsDir = path.join(repo.dir, 'prisma/migrations')
    await writeFile(path.join(migrationsDir, '20240101000000_init/migration.sql'), 'changed in the working tree\n')
    await mkdir(path.join(migrationsDir, '20240103000000_staged'))
    await writeFile(path.join(migrationsDir, '20240103000000_staged/migration.sql'), sql('CREATE TABLE "C" ();'))
    await repo.git('add', '.')
    await mkdir(path.join(migrationsDir, '20240104000000_untracked'))
    await writeFile(path.join(migrationsDir, '20240104000000_untracked/migration.sql'), sql('CREATE TABLE "D" ();'))

    expect([...(await committedMigrations(migrationsDir))].sort()).toEqual(['20240101000000_init', '20240102000000_café au lait'])
    // The same from the repository's root folder or from elsewhere: git runs in the migrations folder.
    expect(await sharedMigrations({ migrationsDir })).toEqual(
      new Map([
        ['20240101000000_init', ['committed']],
        ['20240102000000_café au lait', ['committed']],
      ]),
    )
  })

  test('no repository, no commit yet, no migrations folder, no git at all: nothing is committed', async () => {
    const plain = await tempProject({ [migration('20240101000000_init')]: sql('CREATE TABLE "A" ();') }, 'electrify-nogit-')
    expect(await committedMigrations(path.join(plain, 'prisma/migrations'))).toEqual(new Set())

    const fresh = await gitRepo({ [migration('20240101000000_init')]: sql('CREATE TABLE "A" ();') })
    await fresh.git('add', '.')
    expect(await committedMigrations(path.join(fresh.dir, 'prisma/migrations'))).toEqual(new Set())
    expect(await committedMigrations(path.join(fresh.dir, 'prisma/no-such-folder'))).toEqual(new Set())

    await fresh.git('commit', '-q', '-m', 'init')
    const savedPath = process.env.PATH
    process.env.PATH = '/nonexistent'
    try {
      expect(await committedMigrations(path.join(fresh.dir, 'prisma/migrations'))).toEqual(new Set())
    } finally {
      process.env.PATH = savedPath
    }
    expect(await committedMigrations(path.join(fresh.dir, 'prisma/migrations'))).toEqual(new Set(['20240101000000_init']))
  })
})

describe('applied to the database (real Prisma)', () => {
  function succeeded(result: CliResult, expected = 0): void {
    expect(result.code, `prisma:\n${result.stdout}\n${result.stderr}`).toBe(expected)
  }

  async function addMigration(app: PrismaApp, name: string, text: string): Promise<void> {
    await mkdir(path.join(app.migrationsDir, name), { recursive: true })
    await writeFile(path.join(app.migrationsDir, name, 'migration.sql'), text)
  }

  test('finished and not rolled back; a failed, a rolled-back and a pending migration are not applied', async () => {
    const url = await createTestDatabase()
    const app = await createTestPrismaApp('basic', url)
    expect(await appliedMigrations(url)).toEqual(new Set()) // no _prisma_migrations table yet

    await addMigration(app, '20240101000000_init', sql('CREATE TABLE "A" ("id" TEXT PRIMARY KEY);'))
    await addMigration(app, '20240102000000_broken', sql('CREATE TABLE "A" ("id" TEXT PRIMARY KEY);')) // exists already
    succeeded(await app.prisma(['migrate', 'deploy']), 1)
    expect(await appliedMigrations(url)).toEqual(new Set(['20240101000000_init']))

    // What `prisma migrate resolve --rolled-back` does (it needs the native schema engine, which the
    // offline setup does not have): mark the failed attempt rolled back, so deploy may retry it.
    await withClient(url, (client) => client.query(`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '20240102000000_broken'`))
    expect(await appliedMigrations(url)).toEqual(new Set(['20240101000000_init']))

    await addMigration(app, '20240102000000_broken', sql('CREATE TABLE "B" ("id" TEXT PRIMARY KEY);'))
    succeeded(await app.prisma(['migrate', 'deploy']))
    await addMigration(app, '20240103000000_pending', sql('CREATE TABLE "C" ("id" TEXT PRIMARY KEY);'))
    expect(await appliedMigrations(url)).toEqual(new Set(['20240101000000_init', '20240102000000_broken']))
  })

  test("the table in the schema the URL names (?schema=, Prisma's setting)", async () => {
    const url = await createTestDatabase()
    const app = await createTestPrismaApp('basic', url)
    await addMigration(app, '20240101000000_init', sql('CREATE TABLE "A" ("id" TEXT PRIMARY KEY);'))
    succeeded(await app.prisma(['migrate', 'deploy']))
    // The offline Prisma setup ignores ?schema=, so Prisma's own table is moved to the schema by hand.
    await withClient(url, (client) => client.query('CREATE SCHEMA "App One"; ALTER TABLE public._prisma_migrations SET SCHEMA "App One"'))
    expect(await appliedMigrations(url)).toEqual(new Set())
    expect(await appliedMigrations(`${url}?schema=App%20One`)).toEqual(new Set(['20240101000000_init']))
  })

  test('committed and applied together; an unreachable database is an error, not "nothing applied"', async () => {
    const url = await createTestDatabase()
    const repo = await gitRepo({})
    const app = await createTestPrismaApp('basic', url)
    const migrationsDir = path.join(repo.dir, 'prisma/migrations')
    await mkdir(migrationsDir, { recursive: true })
    for (const [name, table] of [['20240101000000_init', 'A'], ['20240102000000_next', 'B']]) {
      await addMigration(app, name!, sql(`CREATE TABLE "${table}" ("id" TEXT PRIMARY KEY);`))
      await mkdir(path.join(migrationsDir, name!))
      await writeFile(path.join(migrationsDir, name!, 'migration.sql'), sql(`CREATE TABLE "${table}" ("id" TEXT PRIMARY KEY);`))
    }
    succeeded(await app.prisma(['migrate', 'deploy']))
    await repo.git('add', 'prisma/migrations/20240101000000_init')
    await repo.git('commit', '-q', '-m', 'init')

    const shared = await sharedMigrations({ migrationsDir, databaseUrl: url })
    expect(shared).toEqual(
      new Map([
        ['20240101000000_init', ['committed', 'applied']],
        ['20240102000000_next', ['applied']],
      ]),
    )
    expect(describeShared(shared.get('20240101000000_init')!)).toBe('committed in git and applied to the database')

    const unreachable = sharedMigrations({ migrationsDir, databaseUrl: 'postgresql://u:pw@127.0.0.1:1/db', database: { from: 'DATABASE_URL', timeoutMs: 2000 } })
    await expect(unreachable).rejects.toMatchObject({ code: 'db/unreachable', message: 'cannot reach the database at 127.0.0.1:1 (ECONNREFUSED); the URL came from DATABASE_URL' })
  })
})
