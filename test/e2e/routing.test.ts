/**
 * Every connection Prisma makes goes through the proxy, whatever the project's datasource looks like
 * (docs/one-shot.md, "Prisma's connections"). The built CLI runs each fixture app's own Prisma through
 * the proxy stand-in, which, as Electric's, connects every client to its one database except Prisma's
 * shadow databases. The project's own URLs point at a port where nothing listens (unreachableUrl), so
 * that any connection electrify fails to route ends the run with P1001; the engine stand-in's trace
 * shows where Prisma really connected.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { appendFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, onTestFinished, test } from 'vitest'
import { createTestDatabase, createTestPrismaApp, proxyFor, testAdminUrl } from '../harness/in-test.js'
import { createDatabase, databaseName, dropDatabase, withClient } from '../harness/postgres.js'
import { unreachableUrl, type CliResult, type PrismaApp, type PrismaFlavour } from '../harness/prisma-project.js'
import { electrify } from './electrify-cli.js'

const PROXY_PASSWORD = 'proxy_password'

/** The stand-in in front of the test's database (Electric serves one), stopped when the test ends. */
async function proxyInFront(databaseUrl: string): Promise<{ port: number; url: string }> {
  const proxy = await proxyFor(databaseUrl, { password: PROXY_PASSWORD })
  return { port: proxy.port, url: proxy.url() }
}

/** A test database behind a proxy and a copy of `fixture` whose own variables (`vars`) lead nowhere useful. */
async function project(fixture: string, prisma: PrismaFlavour, vars: (db: string) => Record<string, string>) {
  const db = await createTestDatabase()
  const proxy = await proxyInFront(db)
  const app = await createTestPrismaApp({ fixture, prisma, env: vars(db) })
  return { db, proxy, app }
}

function ok(result: CliResult): CliResult {
  expect(result.code, `electrify failed:\n${result.stdout}\n${result.stderr}`).toBe(0)
  expect(result.stdout + result.stderr).not.toContain(PROXY_PASSWORD)
  return result
}

const json = (result: CliResult) => JSON.parse(result.stdout)

const applied = (url: string) =>
  withClient(url, async (c) => (await c.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1')).rows.map((r) => r.migration_name))
const electrified = (url: string) =>
  withClient(url, async (c) => (await c.query('SELECT table_name FROM electric.electrified ORDER BY 1')).rows.map((r) => r.table_name))

async function addSentinel(url: string): Promise<void> {
  await withClient(url, (c) => c.query('CREATE TABLE sentinel (id int)'))
}
const sentinelSurvived = (url: string) => withClient(url, async (c) => (await c.query("SELECT to_regclass('public.sentinel') AS t")).rows[0].t !== null)

/** Where the engine stand-in connected: at least once, and only through the proxy. */
async function onlyThroughProxy(app: PrismaApp, proxy: { port: number }): Promise<string[]> {
  const { connections } = await app.engineTrace()
  expect(connections.length).toBeGreaterThan(0)
  expect(connections.filter((c) => !c.endsWith(` at 127.0.0.1:${proxy.port}`))).toEqual([])
  return connections
}

const shown = (proxy: { url: string }, database?: string) => {
  const url = new URL(proxy.url)
  url.password = '****'
  if (database) url.pathname = `/${database}`
  return url.toString()
}
/** `electrify watch --json` in `cwd`: its events, waited for one after the other; killed when the test ends. */
function startWatch(cwd: string, args: string[], env: Record<string, string>) {
  const bin = fileURLToPath(new URL('../../bin/electrify.js', import.meta.url))
  const child = spawn(process.execPath, [bin, 'watch', ...args], {
    cwd,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  let seen = 0
  let waiting: (() => void) | undefined
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c
    waiting?.()
  })
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  const exited = new Promise<{ code: number | null }>((resolve) => child.once('exit', (code) => resolve({ code })))
  onTestFinished(() => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')))
  const events = () => stdout.split('\n').slice(0, -1).map((line) => JSON.parse(line) as { event: string; [key: string]: any })
  return {
    exited,
    interrupt: () => child.kill('SIGINT'),
    /** The next event of this kind after those already returned; a failed run, or the process ending, fails the wait. */
    next: (event: string) =>
      new Promise<Record<string, any>>((resolve, reject) => {
        waiting = () => {
          const all = events()
          const index = all.findIndex((e, i) => i >= seen && (e.event === event || e.event === 'run-failed'))
          if (index < 0) return
          seen = index + 1
          waiting = undefined
          if (all[index]!.event === event) resolve(all[index]!)
          else reject(new Error(`run failed: ${JSON.stringify(all[index])}\n${stderr}`))
        }
        void exited.then(() => reject(new Error(`electrify watch exited before ${event}:\n${stdout}\n${stderr}`)))
        waiting()
      }),
  }
}

const throwaway = { role: 'shadow', via: { kind: 'throwaway' }, target: 'prisma_migrate_shadow_db_* through the proxy' }

describe('Prisma 6, classic engine (URLs in the schema)', () => {
  test('url = env("DATABASE_URL"): the variable points at the proxy; the throwaway shadow databases go through it too', async () => {
    const { db, proxy, app } = await project('basic', '6-classic', (db) => ({ DATABASE_URL: unreachableUrl(db) }))
    const result = ok(await electrify(app.dir, ['--name', 'init', '--proxy-url', proxy.url, '--json'], app.env))
    expect(json(result).proxy.routes).toEqual([
      { role: 'main', via: { kind: 'env', name: 'DATABASE_URL' }, target: shown(proxy), replaces: shown({ url: unreachableUrl(db) }) },
      throwaway,
    ])
    expect(await applied(db)).toEqual([expect.stringMatching(/_init$/)])
    expect(await electrified(db)).toEqual(['Post', 'User'])
    const connections = await onlyThroughProxy(app, proxy)
    const trace = await app.engineTrace()
    expect(trace.shadowCreated.length).toBeGreaterThan(0)
    expect(trace.shadowDropped.sort()).toEqual(trace.shadowCreated.sort())
    expect(connections).toContain(`${trace.shadowCreated[0]} at 127.0.0.1:${proxy.port}`)
  })

  test('another variable (PRISMA_DATABASE_URL, from the app .env), run with --prisma <command>: that variable, shown in the first progress line', async () => {
    const { db, proxy, app } = await project('prisma-database-url', '6-classic', (db) => ({ PRISMA_DATABASE_URL: unreachableUrl(db) }))
    // the app's variables stay in its .env, as a user keeps them; only the harness's engine settings are in the environment
    const prisma = ['--prisma', 'node node_modules/prisma/build/index.js']
    const result = ok(await electrify(app.dir, ['--name', 'init', '--proxy-url', proxy.url, ...prisma], app.harnessEnv))
    const progress = result.stderr.split('\n')
    expect(progress[0]).toMatch(/^electrify: proxy \S+ \(from --proxy-url\)$/)
    expect(progress[1]).toBe(`  main (PRISMA_DATABASE_URL) → ${shown(proxy)} (was ${shown({ url: unreachableUrl(db) })})`)
    expect(await applied(db)).toEqual([expect.stringMatching(/_init$/)])
    expect(await electrified(db)).toEqual(['Project'])
    await onlyThroughProxy(app, proxy)
  })

  test('url + directUrl: both variables point at the proxy (Migrate connects with directUrl; Prisma requires both)', async () => {
    const { db, proxy, app } = await project('direct-url', '6-classic', (db) => ({ POOLED_URL: unreachableUrl(db), DIRECT_URL: unreachableUrl(db) }))
    const result = ok(await electrify(app.dir, ['--name', 'init', '--proxy-url', proxy.url, '--json'], app.env))
    expect(json(result).proxy.routes.map((r: { role: string; via: { name?: string }; note?: string }) => [r.role, r.via.name, r.note])).toEqual([
      ['main', 'POOLED_URL', 'checked by Prisma; Migrate uses directUrl'],
      ['direct', 'DIRECT_URL', 'Migrate connects here (directUrl)'],
      ['shadow', undefined, undefined],
    ])
    expect(await applied(db)).toEqual([expect.stringMatching(/_init$/)])
    expect(await electrified(db)).toEqual(['Account'])
    await onlyThroughProxy(app, proxy)
  })

  test("shadowDatabaseUrl naming a prisma_migrate_shadow_db_… database: reached through the proxy and reset there; Electric's database keeps its data", async () => {
    const admin = testAdminUrl()
    const shadowDb = await createDatabase(admin, `prisma_migrate_shadow_db_electrify_${randomBytes(4).toString('hex')}`)
    onTestFinished(() => dropDatabase(admin, databaseName(shadowDb)))
    const { db, proxy, app } = await project('shadow-url', '6-classic', (db) => ({ DATABASE_URL: unreachableUrl(db), SHADOW_DATABASE_URL: unreachableUrl(shadowDb) }))
    const result = ok(await electrify(app.dir, ['--name', 'init', '--proxy-url', proxy.url, '--json'], app.env))
    expect(json(result).proxy.routes[1]).toEqual({
      role: 'shadow',
      via: { kind: 'env', name: 'SHADOW_DATABASE_URL' },
      target: shown(proxy, databaseName(shadowDb)),
      replaces: shown({ url: unreachableUrl(shadowDb) }),
    })
    expect(await applied(db)).toEqual([expect.stringMatching(/_init$/)])
    expect(await electrified(db)).toEqual(['Invoice'])
    // A second run replays the history, DDLX included, on the shadow database (reset first): the main database keeps its rows.
    // (A table Prisma does not know would be drift, which migrate dev offers to reset: hence a row of a migrated table.)
    await withClient(db, (c) => c.query(`INSERT INTO "Invoice" (id, amount) VALUES ('kept', 1)`))
    expect(json(ok(await electrify(app.dir, ['--name', 'nothing', '--proxy-url', proxy.url, '--json'], app.env)))).toMatchObject({ status: 'in-sync' })
    expect((await withClient(db, (c) => c.query('SELECT id FROM "Invoice"'))).rows).toEqual([{ id: 'kept' }])
    const connections = await onlyThroughProxy(app, proxy)
    expect(connections).toContain(`${databaseName(shadowDb)} at 127.0.0.1:${proxy.port}`)
    const trace = await app.engineTrace()
    expect(new Set(trace.shadowReset)).toEqual(new Set([databaseName(shadowDb)]))
    expect(trace.shadowCreated).toEqual([])
  })

  test('shadowDatabaseUrl naming another database: stops before Prisma runs, with the fix; nothing is created and the main database keeps its tables', async () => {
    const shadowDb = await createTestDatabase() // electrify_test_…: not a name Electric treats as a shadow database
    const { db, proxy, app } = await project('shadow-url', '6-classic', (db) => ({ DATABASE_URL: unreachableUrl(db), SHADOW_DATABASE_URL: shadowDb }))
    await addSentinel(db)
    await addSentinel(shadowDb)
    const result = await electrify(app.dir, ['--name', 'init', '--proxy-url', proxy.url, '--json'], app.env)
    expect(result.code).toBe(1)
    expect(json(result)).toMatchObject({
      ok: false,
      error: { code: 'routing/shadow-name', file: path.join(app.dir, 'prisma/schema.prisma'), line: 7, hint: expect.stringContaining('prisma_migrate_shadow_db_') },
    })
    expect(result.stdout + result.stderr).not.toContain(new URL(shadowDb).password)
    expect(existsSync(app.migrationsDir)).toBe(false)
    expect(await app.engineTrace()).toMatchObject({ connections: [] })
    expect(await sentinelSurvived(db)).toBe(true)
    expect(await sentinelSurvived(shadowDb)).toBe(true)

    // What the refusal prevents: the same shadow URL sent through the proxy reaches Electric's database, which Prisma resets.
    await app.prisma(['migrate', 'dev', '--name', 'init'], { env: { DATABASE_URL: proxy.url, SHADOW_DATABASE_URL: proxy.url.replace(/[^/]+$/, databaseName(shadowDb)) } })
    expect(new Set((await app.engineTrace()).shadowReset)).toEqual(new Set([databaseName(shadowDb)]))
    expect(await sentinelSurvived(db)).toBe(false)
    expect(await sentinelSurvived(shadowDb)).toBe(true)
  })
})

describe('Prisma 6, driver adapter', () => {
  test('an adapter reading another variable than the schema: stops until --url-var names it, then that variable goes through the proxy', async () => {
    // the harness's adapter config connects with DATABASE_URL, the schema names PRISMA_DATABASE_URL
    const { db, proxy, app } = await project('prisma-database-url', '6-adapter', (db) => ({ PRISMA_DATABASE_URL: unreachableUrl(db), DATABASE_URL: unreachableUrl(db) }))
    const refused = await electrify(app.dir, ['--name', 'init', '--proxy-url', proxy.url], app.env)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/error\[routing\/adapter-url-unknown\][\s\S]*--url-var <NAME>/)
    expect(existsSync(app.migrationsDir)).toBe(false)

    const result = ok(await electrify(app.dir, ['--name', 'init', '--proxy-url', proxy.url, '--url-var', 'DATABASE_URL', '--json'], app.env))
    expect(json(result).proxy.routes.map((r: { via: { name?: string } }) => r.via.name)).toEqual(['PRISMA_DATABASE_URL', 'DATABASE_URL', undefined])
    expect(await applied(db)).toEqual([expect.stringMatching(/_init$/)])
    expect(await electrified(db)).toEqual(['Project'])
  })
})

describe('Prisma 7 (URLs in prisma.config.ts)', () => {
  test("a config reading another variable (DB_URL): that variable, for migrate dev and for electrify deploy's migrate deploy (which has no --url)", async () => {
    const { db, proxy, app } = await project('prisma7-db-url', '7', (db) => ({ DB_URL: unreachableUrl(db), DATABASE_URL: unreachableUrl(db) }))
    const created = ok(await electrify(app.dir, ['--name', 'init', '--create-only', '--proxy-url', proxy.url, '--json'], app.env))
    const main = { role: 'main', via: { kind: 'env', name: 'DB_URL' }, target: shown(proxy), replaces: shown({ url: unreachableUrl(db) }) }
    expect(json(created).proxy.routes).toEqual([main, { ...throwaway, note: 'SHADOW_DB_URL is not set' }])
    const deployed = ok(await electrify(app.dir, ['deploy', '--proxy-url', proxy.url, '--json'], app.env))
    expect(json(deployed).proxy.routes).toEqual([main]) // the same connection, without a shadow database
    expect(await applied(db)).toEqual([expect.stringMatching(/_init$/)])
    expect(await electrified(db)).toEqual(['Member'])
    await onlyThroughProxy(app, proxy)
  })

  test('watch: each run routes the same way; a new annotated model is created, electrified and applied through the proxy', async () => {
    const { db, proxy, app } = await project('prisma7-db-url', '7', (db) => ({ DB_URL: unreachableUrl(db) }))
    const watcher = startWatch(app.dir, ['--proxy-url', proxy.url, '--json'], app.env)
    const first = await watcher.next('run-done')
    expect(first).toMatchObject({ run: 1, status: 'applied', proxy: { routes: [{ via: { name: 'DB_URL' }, target: shown(proxy) }, throwaway] } })
    await appendFile(path.join(app.dir, 'prisma/schema.prisma'), '\n/// @electric\nmodel Note {\n  id   String @id @default(uuid())\n  body String\n}\n')
    const second = await watcher.next('run-done')
    expect(second).toMatchObject({ run: 2, status: 'applied', tables: [{ table: { name: 'Note' } }] })
    watcher.interrupt()
    expect((await watcher.exited).code).toBe(130)
    expect(await applied(db)).toHaveLength(2)
    expect(await electrified(db)).toEqual(['Member', 'Note'])
    await onlyThroughProxy(app, proxy)
  })
})
