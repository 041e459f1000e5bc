/**
 * The documented Electric workflow, end to end on real parts: the real Prisma CLI (offline) talks to
 * the proxy stand-in, which talks to the throwaway PostgreSQL.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createTestDatabase, createTestPrismaApp, proxyFor } from './in-test.js'
import { withClient } from './postgres.js'
import type { CliResult, PrismaApp } from './prisma-project.js'

function succeeded(result: CliResult): void {
  expect(result.code, `prisma failed:\n${result.stdout}\n${result.stderr}`).toBe(0)
}

function migrationSql(app: PrismaApp, name: string): string {
  return path.join(app.migrationsDir, name, 'migration.sql')
}

describe('Prisma through the proxy stand-in', () => {
  it('create-only, append DDLX, apply, then replay the history on the shadow database', async () => {
    const directUrl = await createTestDatabase()
    const proxy = await proxyFor(directUrl) // Electric serves one database; Prisma's shadow databases aside
    const app = await createTestPrismaApp('basic', proxy.url())

    succeeded(await app.prisma(['migrate', 'dev', '--create-only', '--name', 'init']))
    const [init] = await app.migrations()
    await fs.appendFile(migrationSql(app, init), '\nALTER TABLE "User" ENABLE ELECTRIC;\nALTER TABLE "Post" ENABLE ELECTRIC;\n')

    succeeded(await app.prisma(['migrate', 'dev']))
    await withClient(directUrl, async (client) => {
      const { rows } = await client.query('SELECT table_name FROM electric.electrified ORDER BY 1')
      expect(rows.map((r) => r.table_name)).toEqual(['Post', 'User'])
      const applied = await client.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL')
      expect(applied.rows.map((r) => r.migration_name)).toEqual([init])
    })

    // A new migration: Prisma first replays the history, DDLX included, on a shadow database.
    const schema = path.join(app.dir, 'prisma/schema.prisma')
    await fs.appendFile(schema, '\n/// @electric\nmodel Tag {\n  id   String @id @default(uuid())\n  name String\n}\n')
    succeeded(await app.prisma(['migrate', 'dev', '--create-only', '--name', 'add_tag']))
    expect(await app.migrations()).toEqual([init, expect.stringMatching(/_add_tag$/)])


    // Without the proxy the same replay fails at the word ELECTRIC: the proxy is what makes it work.
    const direct = await app.prisma(['migrate', 'dev', '--create-only', '--name', 'again'], { databaseUrl: directUrl })
    expect(direct.code).not.toBe(0)
    expect(direct.stdout + direct.stderr).toMatch(/syntax error at or near "ELECTRIC"/)
  })
})
