/**
 * The three ways the harness runs the real Prisma CLI (prisma-project.ts): each runs the migrate cycle
 * straight against the test PostgreSQL, with the app's own Prisma, connecting only where its setup says.
 */
import { readFileSync } from 'node:fs'
import fs from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createTestDatabase, createTestPrismaApp } from './in-test.js'
import { databaseName, withClient } from './postgres.js'
import { unreachableUrl, type CliResult, type PrismaApp, type PrismaAppOptions } from './prisma-project.js'

function succeeded(result: CliResult): void {
  expect(result.code, `prisma failed:\n${result.stdout}\n${result.stderr}`).toBe(0)
}

async function tables(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")
    return rows.map((r) => r.table_name as string)
  })
}

async function applied(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1')
    return rows.map((r) => r.migration_name as string)
  })
}

/** The Prisma version that `node_modules/.bin/prisma` and `import 'prisma/config'` get in the app. */
function installedPrisma(app: PrismaApp): { version: string; config: string } {
  const require = createRequire(path.join(app.dir, 'prisma.config.ts'))
  const pkg = (name: string) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version as string
  return { version: pkg('prisma'), config: pkg('@prisma/config') }
}

const cases: { flavour: NonNullable<PrismaAppOptions['prisma']>; fixture: string; variable: string; version: string; other: Record<string, string> }[] = [
  // the adapter config reads DATABASE_URL, whatever the schema says
  { flavour: '6-adapter', fixture: 'basic', variable: 'DATABASE_URL', version: '6.19.3', other: {} },
  // Migrate connects with directUrl: the app's pooled URL leads nowhere
  { flavour: '6-classic', fixture: 'direct-url', variable: 'DIRECT_URL', version: '6.19.3', other: { POOLED_URL: 'unreachable' } },
  // the config reads DB_URL: DATABASE_URL leads nowhere
  { flavour: '7', fixture: 'prisma7-db-url', variable: 'DB_URL', version: '7.10.1', other: { DATABASE_URL: 'unreachable' } },
]

describe.each(cases)('Prisma $flavour ($fixture)', ({ flavour, fixture, variable, version, other }) => {
  it('runs migrate dev --create-only, migrate dev and migrate deploy against the database', async () => {
    const url = await createTestDatabase()
    const unused = Object.fromEntries(Object.keys(other).map((name) => [name, unreachableUrl(url)]))
    const app = await createTestPrismaApp({ fixture, prisma: flavour, env: { [variable]: url, ...unused } })
    expect(installedPrisma(app)).toEqual({ version, config: version })

    succeeded(await app.prisma(['migrate', 'dev', '--create-only', '--name', 'init']))
    const [init] = await app.migrations()
    expect(init).toMatch(/_init$/)
    expect(await tables(url)).toEqual(['_prisma_migrations']) // created, not applied

    succeeded(await app.prisma(['migrate', 'dev']))
    expect(await applied(url)).toEqual([init])

    // a second migration: migrate dev replays the history on a shadow database first
    await fs.appendFile(path.join(app.dir, 'prisma/schema.prisma'), '\nmodel Tag {\n  id   String @id\n  name String\n}\n')
    succeeded(await app.prisma(['migrate', 'dev', '--create-only', '--name', 'add_tag']))
    const [, addTag] = await app.migrations()
    expect(addTag).toMatch(/_add_tag$/)
    expect(await tables(url)).not.toContain('Tag')

    succeeded(await app.prisma(['migrate', 'deploy']))
    expect(await applied(url)).toEqual([init, addTag])
    expect(await tables(url)).toContain('Tag')

    if (flavour !== '6-adapter') {
      // every connection went to the test database or to throwaway shadow databases, all dropped again
      const trace = await app.engineTrace()
      const server = new URL(url).host
      const databases = new Set(trace.connections.map((c) => c.replace(/^prisma_migrate_shadow_db_\S+/, 'shadow')))
      expect([...databases].sort()).toEqual([`${databaseName(url)} at ${server}`, `shadow at ${server}`])
      expect(trace.shadowCreated.length).toBeGreaterThan(0)
      expect(trace.shadowDropped).toEqual(trace.shadowCreated)
    }
  })
})
