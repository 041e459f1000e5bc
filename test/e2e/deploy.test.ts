/**
 * `electrify deploy` end to end, on Prisma 6 and Prisma 7: the built CLI runs the app's own Prisma
 * (`migrate deploy`) through the proxy stand-in in front of a throwaway PostgreSQL, after `electrify check`
 * passed, and reports what Electric then syncs.
 */
import { describe, expect, test } from 'vitest'
import { withClient } from '../harness/postgres.js'
import { testProxies } from '../harness/in-test.js'
import { appliedMigrations, deployApp, electrifiedTables, electrifyByHand, exits, INIT, INIT_SQL, MAJORS, relationExists } from '../status/e2e-app.js'

const TAG = '20240102000000_tag'
const TAG_SQL = '-- CreateTable\nCREATE TABLE "Tag" (\n    "id" TEXT NOT NULL,\n\n    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")\n);\n'

const proxy = testProxies() // a stand-in per test, in front of the test's own database (Electric serves one)

describe.each(MAJORS)('electrify deploy, Prisma $major', (major) => {
  test('a clean history: applied through the proxy, Electric syncs exactly the annotated tables; a second deploy applies nothing', async () => {
    const app = await deployApp(proxy, major)
    const first = exits(await app.electrify(['deploy', '--proxy-url', app.proxyUrl]), 0)
    expect(first.stderr).toMatch(/^electrify: check passed: 2 annotated models, 1 migration$/m)
    expect(first.stderr).toMatch(/^electrify: 1 pending migration: 20240101000000_init$/m)
    expect(first.stderr).toMatch(/^electrify: ✓ applied the committed migrations through the proxy: prisma migrate deploy \(\d+\.\d s\)$/m)
    expect(first.stdout).toMatch(/^User +"User" +20240101000000_init +20240101000000_init +yes +synced$/m)
    expect(first.stdout).toMatch(/^✓ in sync: 1 of 1 migration applied; Electric syncs all 2 annotated tables; deploy applied 1 migration \(\d+\.\d s\)$/m)
    expect(first.stdout + first.stderr).not.toContain('proxy_password')
    expect(first.stdout + first.stderr).not.toMatch(/migrate dev|shadow/)
    expect(await appliedMigrations(app.directUrl)).toEqual([INIT])
    expect(await electrifiedTables(app.directUrl)).toEqual(['Post', 'User'])
    expect(await app.app.migrations()).toEqual([INIT]) // no new migration

    const again = exits(await app.electrify(['deploy', '--proxy-url', app.proxyUrl, '--json']), 0)
    const document = JSON.parse(again.stdout)
    expect(document).toMatchObject({ ok: true, inSync: true, applied: [], pending: [], failed: [], unannotated: [], findings: [] })
    expect(document.models.map((m: { model: string; state: string }) => [m.model, m.state])).toEqual([['User', 'synced'], ['Post', 'synced']])
    expect(document.proxy).toEqual({ url: expect.stringMatching(/^postgresql:\/\/postgres:\*\*\*\*@127\.0\.0\.1:\d+\//), source: '--proxy-url', label: '--proxy-url', routes: [expect.objectContaining({ role: 'main', via: { kind: 'env', name: 'DATABASE_URL' } })] })
    expect(again.stderr).toMatch(/^electrify: no pending migration$/m)
  })

  test('a rule error stops the deploy before Prisma runs: no _prisma_migrations, nothing electrified', async () => {
    // Dropping a column of an electrified table: Electric would refuse it half-way through the deploy.
    const app = await deployApp(proxy, major, { [INIT]: INIT_SQL, '20240102000000_drop_title': 'ALTER TABLE "Post" DROP COLUMN "title";\n' })
    const human = exits(await app.electrify(['deploy', '--proxy-url', app.proxyUrl]), 1)
    expect(human.stderr).toMatch(/^prisma\/migrations\/20240102000000_drop_title\/migration\.sql:1: error\[additive\/drop-column\] /m)
    expect(human.stderr).toMatch(/error\[deploy\/check-failed\] electrify check found an error; nothing was deployed/)
    expect(human.stderr).not.toMatch(/electrify: proxy|prisma migrate deploy/)
    expect(human.stdout).toBe('')

    const json = exits(await app.electrify(['deploy', '--proxy-url', app.proxyUrl, '--json']), 1)
    const document = JSON.parse(json.stdout)
    expect(document).toMatchObject({ ok: false, error: { code: 'deploy/check-failed' } })
    expect(document.findings).toContainEqual(expect.objectContaining({ code: 'additive/drop-column', line: 1 }))
    // Prisma never ran: it creates _prisma_migrations before it applies anything.
    expect(await relationExists(app.directUrl, '_prisma_migrations')).toBe(false)
    expect(await relationExists(app.directUrl, 'public."User"')).toBe(false)
    expect(await electrifiedTables(app.directUrl)).toEqual([])
  })

  test('a pending migration Postgres would refuse (a syntax error in a data statement) stops the deploy before Prisma: nothing recorded as failed', async () => {
    const app = await deployApp(proxy, major)
    exits(await app.electrify(['deploy', '--proxy-url', app.proxyUrl]), 0)
    await app.addMigration(TAG, `${TAG_SQL}\nINSERT INTO "Tag" ("id") VALUES ('a',);\n`)
    const result = exits(await app.electrify(['deploy', '--proxy-url', app.proxyUrl, '--json']), 1)
    const document = JSON.parse(result.stdout)
    expect(document).toMatchObject({ ok: false, error: { code: 'deploy/check-failed' } })
    expect(document.findings).toContainEqual(expect.objectContaining({ severity: 'error', code: 'migration/invalid-statement', line: 8 }))
    expect(result.stderr).not.toMatch(/prisma migrate deploy/)
    expect(await appliedMigrations(app.directUrl)).toEqual([INIT])
    expect(await relationExists(app.directUrl, 'public."Tag"')).toBe(false)
  })

  test('a table Electric syncs that no annotation asks for: the history is deployed, the deploy exits 1 and says so', async () => {
    const app = await deployApp(proxy, major)
    exits(await app.electrify(['deploy', '--proxy-url', app.proxyUrl]), 0)
    await electrifyByHand(app.proxyUrl, 'legacy')
    await app.addMigration(TAG, TAG_SQL)
    const result = exits(await app.electrify(['deploy', '--proxy-url', app.proxyUrl, '--json']), 1)
    const document = JSON.parse(result.stdout)
    expect(document).toMatchObject({ ok: false, applied: [TAG], unannotated: [{ table: { schema: 'public', name: 'legacy' }, model: null, electrified: null }] })
    expect(document.findings.map((f: { code: string }) => f.code)).toEqual(['status/not-annotated'])
    expect(result.stderr).toMatch(/error\[status\/not-annotated\] Electric syncs "legacy", which no model of the schema maps to; no migration electrifies it \(electrified by hand\)/)
    expect(await appliedMigrations(app.directUrl)).toEqual([INIT, TAG])
  })

  test('Prisma fails (a table exists already): deploy/prisma-failed names the migration Prisma recorded as failed and how to resolve it', async () => {
    const app = await deployApp(proxy, major)
    exits(await app.electrify(['deploy', '--proxy-url', app.proxyUrl]), 0)
    await withClient(app.directUrl, (c) => c.query('CREATE TABLE "Tag" ("id" TEXT PRIMARY KEY)'))
    await app.addMigration(TAG, TAG_SQL)
    const result = exits(await app.electrify(['deploy', '--proxy-url', app.proxyUrl, '--json']), 1)
    const document = JSON.parse(result.stdout)
    expect(document).toMatchObject({ ok: false, error: { code: 'deploy/prisma-failed', file: expect.stringMatching(/20240102000000_tag\/migration\.sql$/) } })
    expect(document.error.message).toBe('prisma migrate deploy failed at 20240102000000_tag (exit code 1)')
    expect(document.error.hint).toContain('`prisma migrate resolve --rolled-back 20240102000000_tag` through the proxy, then deploy again. 1 of 2 migrations are applied.')
    expect(result.stderr).toMatch(/already exists/) // Prisma's own output

    // status sees the same failure
    const status = exits(await app.electrify(['status', '--proxy-url', app.proxyUrl, '--json']), 1)
    expect(JSON.parse(status.stdout)).toMatchObject({ ok: false, failed: [{ name: TAG, inFolder: true }], pending: [] })
  })

  test('`electrify --deploy` (deprecated) says so and runs electrify deploy: no new migration', async () => {
    const app = await deployApp(proxy, major)
    const result = exits(await app.electrify(['--deploy', '--name', 'ignored', '--proxy-url', app.proxyUrl, '--json']), 0)
    expect(result.stderr).toMatch(/^electrify: --deploy is deprecated: it now runs `electrify deploy`, which applies the committed migrations and creates none; use `electrify deploy`$/m)
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, applied: [INIT] })
    expect(await app.app.migrations()).toEqual([INIT])
    expect(await electrifiedTables(app.directUrl)).toEqual(['Post', 'User'])

    const contradiction = exits(await app.electrify(['--deploy', '--create-only', '--name', 'x', '--proxy-url', app.proxyUrl]), 2)
    expect(contradiction.stderr).toMatch(/error\[usage\/deploy-create-only\] --create-only and --deploy cannot be combined/)
  })
})

test('the proxy URL leads to PostgreSQL itself: refused before Prisma runs', async () => {
  const app = await deployApp(proxy, MAJORS[0]!)
  const result = exits(await app.electrify(['deploy', '--proxy-url', app.directUrl, '--json']), 1)
  expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: 'proxy/plain-postgres' } })
  expect(await relationExists(app.directUrl, '_prisma_migrations')).toBe(false)
})

test('nothing listens at the proxy URL: exit 1 and one JSON document', async () => {
  const app = await deployApp(proxy, MAJORS[0]!)
  const result = exits(await app.electrify(['deploy', '--proxy-url', 'postgresql://postgres:proxy_password@127.0.0.1:1/app', '--json']), 1)
  expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: 'proxy/unreachable' } })
})
