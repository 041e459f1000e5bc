/**
 * For the end-to-end tests of `electrify deploy` and `electrify status`: a fixture app on each Prisma major
 * the harness has, with a committed history written as Prisma and electrify write it, a fresh database
 * behind the proxy stand-in, and what the database then holds.
 */
import { expect } from 'vitest'
import { writeFiles } from '../commands/temp-project.js'
import { electrify } from '../e2e/electrify-cli.js'
import { createTestDatabase, createTestPrismaApp, type TestProxies } from '../harness/in-test.js'
import { withClient } from '../harness/postgres.js'
import type { CliResult, PrismaApp, PrismaFlavour } from '../harness/prisma-project.js'

/** Prisma 6 (driver adapter) and Prisma 7, each with the `basic` models (User and Post annotated, AuditLog not). */
export const MAJORS: { major: number; flavour: PrismaFlavour; fixture: string }[] = [
  { major: 6, flavour: '6-adapter', fixture: 'basic' },
  { major: 7, flavour: '7', fixture: 'prisma7' },
]

export const INIT = '20240101000000_init'

/** The first migration of the `basic` models as `electrify --name init` writes it. */
export const INIT_SQL = `-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Post" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "message" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- electrify: enable Electric sync for annotated models
ALTER TABLE "User" ENABLE ELECTRIC;
ALTER TABLE "Post" ENABLE ELECTRIC;
`

export interface DeployApp {
  app: PrismaApp
  directUrl: string
  proxyUrl: string
  /** Runs the built CLI in the app with the app's environment. */
  electrify(args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult>
  /** Adds a migration folder to the committed history. */
  addMigration(name: string, sql: string): Promise<void>
}

/**
 * A fresh database, a proxy stand-in in front of it (Electric serves one database), the app (its DATABASE_URL
 * through the proxy) and the history `migrations` (default: the first migration).
 */
export async function deployApp(proxies: TestProxies, major: (typeof MAJORS)[number], migrations: Record<string, string> = { [INIT]: INIT_SQL }): Promise<DeployApp> {
  const directUrl = await createTestDatabase()
  const proxyUrl = (await proxies.for(directUrl)).url()
  const app = await createTestPrismaApp({ fixture: major.fixture, prisma: major.flavour, env: { DATABASE_URL: proxyUrl } })
  const addMigration = (name: string, sql: string) => writeFiles(app.migrationsDir, { [`${name}/migration.sql`]: sql })
  await writeFiles(app.migrationsDir, { 'migration_lock.toml': 'provider = "postgresql"\n' })
  for (const [name, sql] of Object.entries(migrations)) await addMigration(name, sql)
  return { app, directUrl, proxyUrl, addMigration, electrify: (args, env = {}) => electrify(app.dir, args, { ...app.env, ...env }) }
}

/** The exit code, with the output shown when it is not the one expected. */
export function exits(result: CliResult, code: number): CliResult {
  expect(result.code, `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`).toBe(code)
  return result
}

/** What Electric syncs (none when it has electrified nothing); what Prisma applied (none before it ran). */
export const electrifiedTables = (url: string) =>
  withClient(url, async (c) =>
    (await c.query('SELECT table_name FROM electric.electrified ORDER BY 1').catch(() => ({ rows: [] }))).rows.map((r) => r.table_name),
  )

export const appliedMigrations = (url: string) =>
  withClient(url, async (c) =>
    (await c.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY 1').catch(() => ({ rows: [] }))).rows.map((r) => r.migration_name),
  )

/** Whether `relation` exists: `_prisma_migrations` exists once Prisma has run against the database. */
export const relationExists = (url: string, relation: string) =>
  withClient(url, async (c) => (await c.query('SELECT to_regclass($1) IS NOT NULL AS found', [relation])).rows[0].found as boolean)

/** A table created and electrified by hand through the proxy, outside the migrations. */
export async function electrifyByHand(proxyUrl: string, table: string): Promise<void> {
  await withClient(proxyUrl, async (c) => {
    await c.query(`CREATE TABLE "${table}" ("id" TEXT PRIMARY KEY)`)
    await c.query(`ALTER TABLE "${table}" ENABLE ELECTRIC`)
  })
}
