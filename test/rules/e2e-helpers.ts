/**
 * Helpers for the end-to-end tests of Electric's rules (test/e2e/rules-*.test.ts): a fixture app with
 * a schema of the test's own, run through the built CLI against the proxy stand-in.
 */
import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { expect } from 'vitest'
import { electrify, migrationFile } from '../e2e/electrify-cli.js'
import { createTestDatabase, createTestPrismaApp, testAdminUrl, type TestProxies } from '../harness/in-test.js'
import { createDatabase, databaseName, dropDatabase, withClient } from '../harness/postgres.js'
import { createPrismaApp, type CliResult, type PrismaApp } from '../harness/prisma-project.js'
import { startProxy, upstreamFromUrl } from '../harness/proxy/index.js'

export const DATASOURCE = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}
`

export interface RulesApp {
  app: PrismaApp
  directUrl: string
  proxyUrl: string
  schemaFile: string
  setSchema(models: string, datasource?: string): Promise<void>
  /** Runs the built CLI in the app with `--proxy-url` and the given arguments. */
  run(args: string[]): Promise<CliResult>
  /** Same, with `--json`: the parsed document. */
  json(args: string[]): Promise<{ result: CliResult; doc: JsonDocument }>
  /** Forgets a migration that failed to apply: its folder, and Prisma's record of the failure. */
  forget(migration: string): Promise<void>
  electrified(): Promise<string[]>
  applied(): Promise<string[]>
  migrationSql(migration: string): Promise<string>
}

export interface JsonFinding {
  severity: string
  code: string
  message: string
  file?: string
  line?: number
  hint?: string
  electricCode?: string
  model?: string
  field?: string
  migration?: string
  statement?: string
  raw?: string
}

export interface JsonDocument {
  ok: boolean
  status?: string
  migration?: string
  error?: { code: string; message: string; file?: string; line?: number; hint?: string }
  findings: JsonFinding[]
}

/** A fixture app and its own database for the current test, both removed when the test ends. */
export async function rulesApp(proxy: TestProxies, models: string, datasource = DATASOURCE): Promise<RulesApp> {
  const directUrl = await createTestDatabase()
  const proxyUrl = (await proxy.for(directUrl)).url()
  return rulesAppOn(directUrl, proxyUrl, await createTestPrismaApp('basic', proxyUrl), models, datasource)
}

/**
 * The same, shared by the tests of a block (cases of one `test.each` that build on one electrified app):
 * made in beforeAll, where no test is running to bind the clean-up to, so afterAll calls `remove`.
 */
export interface SharedRulesApp extends RulesApp {
  remove(): Promise<void>
}

export async function sharedRulesApp(models: string, datasource = DATASOURCE): Promise<SharedRulesApp> {
  const adminUrl = testAdminUrl()
  const directUrl = await createDatabase(adminUrl)
  // its own stand-in in front of its own database, as Electric serves one database
  const proxy = await startProxy({ password: 'proxy_password', upstream: upstreamFromUrl(directUrl) })
  const proxyUrl = proxy.url()
  const app = await createPrismaApp('basic', proxyUrl)
  const remove = async () => {
    await proxy.stop()
    await app.remove()
    await dropDatabase(adminUrl, databaseName(directUrl))
  }
  return { ...(await rulesAppOn(directUrl, proxyUrl, app, models, datasource)), remove }
}

async function rulesAppOn(directUrl: string, proxyUrl: string, app: PrismaApp, models: string, datasource: string): Promise<RulesApp> {
  const schemaFile = path.join(app.dir, 'prisma/schema.prisma')
  const setSchema = (text: string, source = datasource) => writeFile(schemaFile, `${source}${text}`)
  await setSchema(models)
  const run = (args: string[]) => electrify(app.dir, [...args, '--proxy-url', proxyUrl])
  return {
    app,
    directUrl,
    proxyUrl,
    schemaFile,
    setSchema,
    run,
    async json(args) {
      const result = await run([...args, '--json'])
      let doc: JsonDocument
      try {
        doc = JSON.parse(result.stdout) as JsonDocument
      } catch {
        throw new Error(`electrify --json printed no document:\n${result.stdout}\n${result.stderr}`)
      }
      return { result, doc }
    },
    async forget(migration) {
      await rm(path.join(app.migrationsDir, migration), { recursive: true, force: true })
      await withClient(directUrl, (c) => c.query(`DELETE FROM _prisma_migrations WHERE migration_name = $1`, [migration]))
    },
    electrified: () =>
      withClient(directUrl, async (c) => (await c.query(`SELECT table_name FROM electric.electrified ORDER BY 1`).catch(() => ({ rows: [] }))).rows.map((r) => r.table_name)),
    applied: () =>
      withClient(directUrl, async (c) => (await c.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1').catch(() => ({ rows: [] }))).rows.map((r) => r.migration_name)),
    migrationSql: (migration) => readFile(migrationFile(app.migrationsDir, migration), 'utf8'),
  }
}

export function ok(result: CliResult): CliResult {
  expect(result.code, `electrify failed:\n${result.stdout}\n${result.stderr}`).toBe(0)
  return result
}

export function failed(result: CliResult, code = 1): CliResult {
  expect(result.code, `electrify should have failed:\n${result.stdout}\n${result.stderr}`).toBe(code)
  return result
}

/** 1-based line of the first line containing `text`. */
export function lineIn(content: string, text: string): number {
  const index = content.split('\n').findIndex((l) => l.includes(text))
  if (index < 0) throw new Error(`no line with ${text}`)
  return index + 1
}
