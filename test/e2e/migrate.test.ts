/**
 * The one-shot `electrify` end to end on real parts: the built CLI runs the fixture app's own Prisma
 * (offline, real CLI) through the proxy stand-in in front of a throwaway PostgreSQL.
 */
import { spawn } from 'node:child_process'
import { appendFile, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { testProxies } from '../harness/in-test.js'
import { databaseName, withClient } from '../harness/postgres.js'
import type { CliResult, PrismaApp } from '../harness/prisma-project.js'
import { until } from '../harness/until.js'
import { appThroughProxy, electrify, migrationFile } from './electrify-cli.js'

const PROXY_PASSWORD = 'proxy_password'
const proxy = testProxies({ password: PROXY_PASSWORD }) // a stand-in per test, in front of the test's own database (Electric serves one)


function ok(result: CliResult): CliResult {
  expect(result.code, `electrify failed:\n${result.stdout}\n${result.stderr}`).toBe(0)
  return result
}

const electrified = (url: string) =>
  withClient(url, async (c) => (await c.query('SELECT table_name FROM electric.electrified ORDER BY table_name')).rows.map((r) => r.table_name))
const applied = (url: string) =>
  withClient(url, async (c) => (await c.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1')).rows.map((r) => r.migration_name))

const tail = async (app: PrismaApp, migration: string) => (await readFile(migrationFile(app.migrationsDir, migration), 'utf8')).split('\n').filter((l) => l.includes('ENABLE ELECTRIC'))

describe('electrify (one-shot)', () => {
  test('first run creates, electrifies exactly the annotated tables and applies; a second run with no change creates nothing', async () => {
    const { app, directUrl, proxyUrl } = await appThroughProxy(proxy, 'basic')
    const first = ok(await electrify(app.dir, ['--name', 'init', '--proxy-url', proxyUrl]))
    const [init] = await app.migrations()
    expect(init).toMatch(/_init$/)
    expect(await tail(app, init)).toEqual(['ALTER TABLE "User" ENABLE ELECTRIC;', 'ALTER TABLE "Post" ENABLE ELECTRIC;'])
    expect(await electrified(directUrl)).toEqual(['Post', 'User'])
    expect(await applied(directUrl)).toEqual([init])
    expect(first.stdout).toMatch(/electrified "User", "Post"; applied through the proxy/)
    expect(first.stderr).toMatch(/proxy postgresql:\/\/postgres:\*\*\*\*@127\.0\.0\.1:\d+\/\S+ \(from --proxy-url\)/)
    expect(first.stdout + first.stderr).not.toContain(PROXY_PASSWORD)

    // The history now holds DDLX: Prisma replays it on the shadow database through the proxy.
    const second = ok(await electrify(app.dir, ['--name', 'nothing', '--proxy-url', proxyUrl, '--json']))
    expect(JSON.parse(second.stdout)).toMatchObject({ ok: true, status: 'in-sync', tables: [] })
    expect(await app.migrations()).toEqual([init])
  })

  test('an annotation added to an existing model gives a migration with only its DDLX, applied', async () => {
    const { app, directUrl, proxyUrl } = await appThroughProxy(proxy, 'basic')
    ok(await electrify(app.dir, ['--name', 'init', '--proxy-url', proxyUrl]))
    const schema = path.join(app.dir, 'prisma/schema.prisma')
    await appendFile(schema, '\nmodel Tag {\n  id   String @id @default(uuid())\n  name String\n}\n')
    ok(await electrify(app.dir, ['--name', 'add_tag', '--proxy-url', proxyUrl]))
    expect(await electrified(directUrl)).toEqual(['Post', 'User'])

    await writeFile(schema, (await readFile(schema, 'utf8')).replace('\nmodel Tag {', '\n/// @electric\nmodel Tag {'))
    const result = ok(await electrify(app.dir, ['--name', 'electrify_tag', '--proxy-url', proxyUrl, '--json']))
    const migrations = await app.migrations()
    expect(migrations).toHaveLength(3)
    const sql = await readFile(migrationFile(app.migrationsDir, migrations[2]), 'utf8')
    expect(sql.split('\n').filter((l) => l.trim() && !l.startsWith('--'))).toEqual(['ALTER TABLE "Tag" ENABLE ELECTRIC;'])
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'applied', tables: [{ table: { schema: 'public', name: 'Tag' }, reason: 'annotated-later' }] })
    expect(await electrified(directUrl)).toEqual(['Post', 'Tag', 'User'])
    expect(await applied(directUrl)).toEqual(migrations)
  })

  test('foreign-key chains, @@map names and names that need quoting, from .env.proxy with ${VAR} expansion', async () => {
    const { app, directUrl, proxyUrl } = await appThroughProxy(proxy, 'chain')
    await writeFile(
      path.join(app.dir, '.env.proxy'),
      `PG_PROXY_PORT=${new URL(proxyUrl).port}\nDATABASE_URL=postgresql://postgres:\${PG_PROXY_PASSWORD}@127.0.0.1:\${PG_PROXY_PORT}/${databaseName(directUrl)}\n`,
    )
    const result = ok(await electrify(app.dir, ['--name', 'init'], { PG_PROXY_PASSWORD: PROXY_PASSWORD }))
    expect(result.stderr).toMatch(/\(from \.env\.proxy\)/)
    const [init] = await app.migrations()
    expect(await tail(app, init)).toEqual([
      'ALTER TABLE "Organisation" ENABLE ELECTRIC;',
      'ALTER TABLE "teams" ENABLE ELECTRIC;',
      'ALTER TABLE "Team Members" ENABLE ELECTRIC;',
    ])
    expect(await electrified(directUrl)).toEqual(['Organisation', 'Team Members', 'teams'])
  })

  test('--create-only stops after injecting; the next run applies it', async () => {
    const { app, directUrl, proxyUrl } = await appThroughProxy(proxy, 'basic')
    ok(await electrify(app.dir, ['--name', 'init', '--proxy-url', proxyUrl, '--create-only']))
    const [init] = await app.migrations()
    expect(await tail(app, init)).toHaveLength(2)
    expect(await applied(directUrl)).toEqual([])
    ok(await electrify(app.dir, ['--name', 'again', '--proxy-url', proxyUrl]))
    expect(await app.migrations()).toEqual([init])
    expect(await electrified(directUrl)).toEqual(['Post', 'User'])
  })
})

describe('electrify (one-shot) failures: clear errors, nothing half-written', () => {
  test('an unreachable proxy is named with host:port before anything is written', async () => {
    const { app } = await appThroughProxy(proxy, 'basic')
    const result = await electrify(app.dir, ['--name', 'init', '--proxy-url', 'postgresql://postgres:s3cret@127.0.0.1:9/db'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/cannot reach the Electric proxy at 127\.0\.0\.1:9 \(ECONNREFUSED\)/)
    expect(result.stdout + result.stderr).not.toContain('s3cret')
    expect(await app.migrations()).toEqual([])
  })

  test("a failing Prisma command: its output and exit code, nothing else changed", async () => {
    const { app, proxyUrl } = await appThroughProxy(proxy, 'basic')
    const fails = `${process.execPath} -e "console.error('prisma says no'); process.exit(3)"`
    const result = await electrify(app.dir, ['--name', 'init', '--proxy-url', proxyUrl, '--prisma', fails])
    expect(result.code).toBe(3)
    expect(result.stderr).toContain('prisma says no')
    expect(result.stderr).toMatch(/prisma migrate dev --create-only failed with exit code 3/)
    expect(await app.migrations()).toEqual([])
  })

  test('an invalid schema stops with file:line before Prisma runs', async () => {
    const { app, proxyUrl } = await appThroughProxy(proxy, 'basic')
    await appendFile(path.join(app.dir, 'prisma/schema.prisma'), '\nmodel Broken {\n  id String @id\n  oops Nope\n}\n')
    const result = await electrify(app.dir, ['--name', 'init', '--proxy-url', proxyUrl])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/prisma\/schema\.prisma:\d+/)
    expect(await app.migrations()).toEqual([])
  })

  test('applying fails after injecting: the migration keeps its DDLX, the message says how to re-run, and a re-run applies it', async () => {
    const { app, directUrl, proxyUrl } = await appThroughProxy(proxy, 'basic')
    // A Prisma that creates migrations but fails to apply them, like a proxy or database refusing the script.
    const wrapper = path.join(app.dir, 'prisma-fails-on-apply.mjs')
    await writeFile(
      wrapper,
      `import { spawnSync } from 'node:child_process'
const args = process.argv.slice(2)
if (!args.includes('--create-only')) { console.error('simulated failure while applying'); process.exit(1) }
process.exit(spawnSync(process.execPath, ['node_modules/prisma/build/index.js', ...args], { stdio: 'inherit' }).status ?? 1)
`,
    )
    const failed = await electrify(app.dir, ['--name', 'init', '--proxy-url', proxyUrl, '--prisma', `node ${wrapper}`])
    expect(failed.code).toBe(1)
    const [init] = await app.migrations()
    expect(failed.stderr).toContain('simulated failure while applying')
    expect(failed.stderr).toMatch(new RegExp(`applying ${init} through the proxy failed`))
    expect(failed.stderr).toMatch(/keeps its ENABLE ELECTRIC statements.*run electrify again/s)
    expect(await tail(app, init)).toHaveLength(2)

    ok(await electrify(app.dir, ['--name', 'retry', '--proxy-url', proxyUrl]))
    expect(await app.migrations()).toEqual([init])
    expect(await applied(directUrl)).toEqual([init])
    expect(await electrified(directUrl)).toEqual(['Post', 'User'])
  })

  test('without a terminal --name is required (usage error)', async () => {
    const { app, proxyUrl } = await appThroughProxy(proxy, 'basic')
    const result = await electrify(app.dir, ['--proxy-url', proxyUrl])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--name is required/)
  })
})

describe('electrify (one-shot) interrupted', () => {
  test('Ctrl-C stops the running Prisma child and exits 130', async () => {
    const { app, proxyUrl } = await appThroughProxy(proxy, 'basic')
    const pidFile = path.join(app.dir, 'prisma.pid')
    // A Prisma that hangs, and tells us its pid so we can check it is gone afterwards.
    const hanging = `${process.execPath} -e "require('fs').writeFileSync('${pidFile}', String(process.pid)); setInterval(() => {}, 1000)"`
    const child = spawn(process.execPath, [fileURLToPath(new URL('../../bin/electrify.js', import.meta.url)), '--name', 'init', '--proxy-url', proxyUrl, '--prisma', hanging], {
      cwd: app.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    const pid = await until(async () => Number(await readFile(pidFile, 'utf8').catch(() => '')) || undefined, 20_000)
    child.kill('SIGINT')
    expect(await exited).toBe(130)
    expect(stderr).toMatch(/was interrupted/)
    await until(async () => (isAlive(pid) ? undefined : true), 20_000)
    expect(await app.migrations()).toEqual([])
  })
})

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

test('a Prisma command that cannot be started is a clear failure, nothing written', async () => {
  const { app, proxyUrl } = await appThroughProxy(proxy, 'basic')
  const result = await electrify(app.dir, ['--name', 'init', '--proxy-url', proxyUrl, '--prisma', '/nonexistent/prisma'])
  expect(result.code).toBe(127)
  expect(result.stderr).toMatch(/cannot run \/nonexistent\/prisma: ENOENT/)
  expect(result.stderr).not.toMatch(/internal error/)
  expect(await app.migrations()).toEqual([])
})
