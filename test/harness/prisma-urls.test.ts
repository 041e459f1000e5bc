/**
 * Which URL the harness's Prisma really uses (prisma-project.ts): as a user's Prisma would, so that a test of
 * electrify's routing fails where a user's setup would. A variable that must not be used points at a port
 * where nothing listens (unreachableUrl).
 */
import { describe, expect, it } from 'vitest'
import { createTestDatabase, createTestPrismaApp } from './in-test.js'
import { databaseName, withClient } from './postgres.js'
import { unreachableUrl, type CliResult } from './prisma-project.js'

function succeeded(result: CliResult): void {
  expect(result.code, `prisma failed:\n${result.stdout}\n${result.stderr}`).toBe(0)
}

function unreachable(result: CliResult): void {
  expect(result.code).not.toBe(0)
  expect(result.stdout + result.stderr).toMatch(/P1001[\s\S]*Can't reach database server at `127\.0\.0\.1:1`/)
}

async function applied(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL')
    return rows.map((r) => r.migration_name as string)
  })
}

/** A second test database holding a table, to see whether Prisma reset it. */
async function shadowWithSentinel(): Promise<string> {
  const url = await createTestDatabase()
  await withClient(url, (client) => client.query('CREATE TABLE sentinel (id int)'))
  return url
}

async function sentinelSurvived(url: string): Promise<boolean> {
  return withClient(url, async (client) => (await client.query("SELECT to_regclass('public.sentinel') AS t")).rows[0].t !== null)
}

describe('Prisma 6, classic engine', () => {
  it('connects with directUrl: an unreachable DIRECT_URL fails even when POOLED_URL works', async () => {
    const url = await createTestDatabase()
    const app = await createTestPrismaApp({ fixture: 'direct-url', prisma: '6-classic', env: { POOLED_URL: url, DIRECT_URL: unreachableUrl(url) } })
    unreachable(await app.prisma(['migrate', 'deploy']))
  })

  it('reads another variable (PRISMA_DATABASE_URL), here from the app .env', async () => {
    const url = await createTestDatabase()
    const app = await createTestPrismaApp({ fixture: 'prisma-database-url', prisma: '6-classic', env: { PRISMA_DATABASE_URL: url, DATABASE_URL: unreachableUrl(url) } })
    // only the harness's engine variables in the environment: Prisma 6 loads the app's from its .env
    const fromDotenv = { PRISMA_DATABASE_URL: undefined, DATABASE_URL: undefined }
    const result = await app.prisma(['migrate', 'dev', '--name', 'init'], { env: fromDotenv })
    succeeded(result)
    expect(result.stdout + result.stderr).toMatch(/Environment variables loaded from \.env/)
    expect(await applied(url)).toEqual([expect.stringMatching(/_init$/)])
  })

  it('resets the configured shadowDatabaseUrl before replaying the history, and creates no other shadow database', async () => {
    const url = await createTestDatabase()
    const shadowUrl = await shadowWithSentinel()
    const app = await createTestPrismaApp({ fixture: 'shadow-url', prisma: '6-classic', env: { DATABASE_URL: url, SHADOW_DATABASE_URL: shadowUrl } })
    succeeded(await app.prisma(['migrate', 'dev', '--name', 'init']))
    expect(await applied(url)).toHaveLength(1)
    expect(await sentinelSurvived(shadowUrl)).toBe(false)
    const trace = await app.engineTrace()
    expect(new Set(trace.shadowReset)).toEqual(new Set([databaseName(shadowUrl)]))
    expect(trace.shadowCreated).toEqual([])
  })
})

describe('Prisma 7', () => {
  it('connects with the variable its prisma.config.ts reads (DB_URL), or with migrate dev --url', async () => {
    const url = await createTestDatabase()
    const app = await createTestPrismaApp({ fixture: 'prisma7-db-url', prisma: '7', env: { DB_URL: unreachableUrl(url), DATABASE_URL: url } })
    unreachable(await app.prisma(['migrate', 'deploy']))
    // `--url` replaces the config's datasource.url (migrate dev, db push and db pull have it; deploy does not)
    succeeded(await app.prisma(['migrate', 'dev', '--name', 'init', '--url', url]))
    expect(await applied(url)).toHaveLength(1)
  })

  it('resets the shadowDatabaseUrl of its config (the default config: SHADOW_DATABASE_URL)', async () => {
    const url = await createTestDatabase()
    const shadowUrl = await shadowWithSentinel()
    const app = await createTestPrismaApp({ fixture: 'prisma7', prisma: '7', env: { DATABASE_URL: url, SHADOW_DATABASE_URL: shadowUrl } })
    succeeded(await app.prisma(['migrate', 'dev', '--name', 'init']))
    expect(await applied(url)).toHaveLength(1)
    expect(await sentinelSurvived(shadowUrl)).toBe(false)
    const trace = await app.engineTrace()
    expect(new Set(trace.shadowReset)).toEqual(new Set([databaseName(shadowUrl)]))
    expect(trace.shadowCreated).toEqual([])
  })
})
