/**
 * `inject` never edits shared history (a migration committed in git, or applied to the database given),
 * repeats no ENABLE a later migration holds, and holds the project's lock: on real git repositories,
 * a real database migrated by the real Prisma CLI, and a second process holding the lock.
 */
import { existsSync, readdirSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import { check } from '../../src/commands/check.js'
import { inject } from '../../src/commands/inject.js'
import type { ReportEvent } from '../../src/report/events.js'
import { holdProjectLock } from '../fs/lock-holder-process.js'
import { gitRepo, isolateGitConfig, type GitRepo } from '../git/git-repo.js'
import { createTestDatabase, createTestPrismaApp } from '../harness/in-test.js'
import { until } from '../harness/until.js'
import { cli } from './run-cli.js'
import { createTable, DATASOURCE, enable, INIT, ITEM_SCHEMA as SCHEMA, ITEM_TABLE as TABLE, migration, tempProject, writeFiles } from './temp-project.js'

isolateGitConfig()

const sqlOf = (dir: string, name: string) => readFile(path.join(dir, migration(name)), 'utf8')
const folders = (dir: string) => readdirSync(path.join(dir, 'prisma/migrations')).sort()

async function committedProject(): Promise<GitRepo> {
  const repo = await gitRepo({ 'prisma/schema.prisma': SCHEMA, [migration(INIT)]: TABLE })
  await repo.git('add', '-A')
  await repo.git('commit', '-q', '-m', 'init')
  return repo
}

describe('shared history is never edited', () => {
  test("a committed migration stays as it is: check's fix is `inject --new`, which writes a new migration that runs last", async () => {
    const repo = await committedProject()
    const finding = (await check({}, { cwd: repo.dir })).findings.find((f) => f.code === 'check/not-electrified')!
    expect(finding.command).toBe('npx --no -- electrify inject --new')
    expect(finding.message).toContain(`the newest migration, ${INIT}, creates it, but it is committed in git and must stay as it is, so a new migration should`)

    const outcome = await inject({ newMigration: true }, { cwd: repo.dir })
    const [, added] = folders(repo.dir)
    expect(added).toMatch(/^\d{14}_electrify_item$/)
    expect(outcome).toMatchObject({ migration: added, created: true, written: true, tables: [{ model: 'Item', reason: 'annotated-later' }] })
    expect(await sqlOf(repo.dir, added!)).toBe(`-- electrify: enable Electric sync for annotated models\n${enable('Item')}`)
    expect(await repo.git('status', '--porcelain')).toBe(`?? prisma/migrations/${added}/\n`) // the committed file is untouched
    expect(await check({}, { cwd: repo.dir })).toMatchObject({ ok: true, findings: [] })
  })

  test('plain `inject` on a committed newest migration writes a new one too, and says why; --force appends', async () => {
    const repo = await committedProject()
    const run = await cli(['inject', '--cwd', repo.dir])
    expect(run.code, run.stderr).toBe(0)
    const [, added] = folders(repo.dir)
    expect(run.stdout).toBe(`✓ prisma/migrations/${added}/migration.sql: electrified "Item" in a new migration (${INIT} is committed in git: electrify does not change it)\n`)
    expect(await sqlOf(repo.dir, INIT)).toBe(TABLE)

    // Asked for deliberately: appended to the committed migration (a second ENABLE is not planned: the table is electrified).
    const again = await committedProject()
    const forced = await inject({ force: true }, { cwd: again.dir })
    expect(forced).toMatchObject({ migration: INIT, created: false, written: true })
    expect(await sqlOf(again.dir, INIT)).toContain(enable('Item'))
    expect(folders(again.dir)).toEqual([INIT])
  })

  test('--dry-run writes nothing and says it would write a new migration; --new with a migration is a usage error', async () => {
    const repo = await committedProject()
    const run = await cli(['inject', '--dry-run', '--cwd', repo.dir, '--json'])
    expect(run.code).toBe(0)
    const doc = JSON.parse(run.stdout)
    expect(doc).toMatchObject({ ok: true, created: true, written: false, dryRun: true, shared: { migration: INIT, reasons: ['committed'] } })
    expect(doc.appended).toContain(enable('Item'))
    expect(folders(repo.dir)).toEqual([INIT])

    const both = await cli(['inject', INIT, '--new', '--cwd', repo.dir, '--json'])
    expect(both.code).toBe(2)
    expect(JSON.parse(both.stdout)).toMatchObject({ ok: false, error: { code: 'inject/new-with-migration' } })
  })

  test('a migration applied to the database given with --database-url (not committed) gets a new migration instead', async () => {
    const url = await createTestDatabase()
    const app = await createTestPrismaApp('basic', url)
    await writeFile(path.join(app.dir, 'prisma/schema.prisma'), SCHEMA)
    await writeFiles(app.dir, { [migration(INIT)]: TABLE })
    const deployed = await app.prisma(['migrate', 'deploy'])
    expect(deployed.code, deployed.stderr).toBe(0)

    // Without the database, nothing says it is shared (no git here): appended, as before.
    expect((await inject({ dryRun: true }, { cwd: app.dir })).created).toBe(false)
    const outcome = await inject({ databaseUrl: url }, { cwd: app.dir })
    expect(outcome).toMatchObject({ created: true, shared: { migration: INIT, reasons: ['applied'] } })
    expect(await sqlOf(app.dir, INIT)).toBe(TABLE)
    expect(await app.migrations()).toEqual([INIT, outcome.migration])
  })
})

test('inject into an older migration adds nothing for a table a later migration electrifies, and says so', async () => {
  const schema = `${SCHEMA}\n/// @electric\nmodel Tag {\n  id String @id\n}\n`
  const later = '20240201000000_electrify'
  const dir = await tempProject({
    'prisma/schema.prisma': schema,
    [migration(INIT)]: TABLE + createTable('Tag'),
    [migration(later)]: enable('Item'),
  })
  const outcome = await inject({ migration: INIT }, { cwd: dir })
  expect(outcome.tables.map((t) => t.table.name)).toEqual(['Tag']) // only what is missing
  expect(await sqlOf(dir, INIT)).toBe(`${TABLE}${createTable('Tag')}\n-- electrify: enable Electric sync for annotated models\n${enable('Tag')}`)
  expect(outcome.findings).toEqual([
    expect.objectContaining({ code: 'plan/electrified-later', severity: 'warning', file: path.join(dir, migration(later)), line: 1 }),
  ])
})

describe('one run at a time', () => {
  test('--no-wait fails at once naming the holder; otherwise inject waits, says for whom, and runs after it', async () => {
    const dir = await tempProject({ 'prisma/schema.prisma': SCHEMA, [migration(INIT)]: TABLE })
    const holder = holdProjectLock(dir, 'wait')
    await holder.next('acquired')

    const refused = await cli(['inject', '--no-wait', '--cwd', dir])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(new RegExp(`error\\[project/locked\\] another electrify run is changing this project: electrify migrate --name from_${holder.pid} \\(pid ${holder.pid}, since `))
    expect(await sqlOf(dir, INIT)).toBe(TABLE)

    const events: ReportEvent[] = []
    const waiting = inject({}, { cwd: dir, report: (e) => events.push(e) })
    await until(async () => (events.length > 0 ? true : undefined), 10_000)
    expect(events[0]).toMatchObject({ type: 'lock-waiting', holder: { pid: holder.pid, running: true } })
    expect(await sqlOf(dir, INIT)).toBe(TABLE) // still waiting
    holder.finish()
    expect(await waiting).toMatchObject({ migration: INIT, written: true })
    expect(existsSync(path.join(dir, 'node_modules/.cache/electrify'))).toBe(true)
  })
})

test('a newest migration with non-ASCII text is left as it is: the DDLX goes into a new migration, and a warning says why', async () => {
  const text = `${TABLE}INSERT INTO "Item" VALUES ('1', 'café');\n`
  const dir = await tempProject({ 'prisma/schema.prisma': SCHEMA, [migration(INIT)]: text })
  const outcome = await inject({}, { cwd: dir })
  expect(outcome).toMatchObject({ created: true, tables: [expect.objectContaining({ table: { schema: 'public', name: 'Item' } })] })
  expect(outcome.shared).toBeUndefined()
  expect(await sqlOf(dir, INIT)).toBe(text)
  expect(await sqlOf(dir, outcome.migration)).toBe(`-- electrify: enable Electric sync for annotated models\n${enable('Item')}`)
  expect(outcome.migration).toMatch(/^\d{14}_electrify_item$/)
  expect(outcome.findings).toEqual([expect.objectContaining({ code: 'plan/ddlx-own-migration', severity: 'warning', file: path.join(dir, migration(INIT)), line: text.split('\n').length - 1 })])
  // check agrees: nothing left to do, no finding about Electric's reading
  expect((await check({}, { cwd: dir })).findings.filter((f) => f.severity === 'error')).toEqual([])
})

describe('an unterminated quote stops the reading of a migration', () => {
  const schema = `${SCHEMA}\n/// @electric\nmodel Tag {\n  id String @id\n}\n`
  const broken = `${TABLE}INSERT INTO "Item" ("id", "title") VALUES ('1', 'it''s);\n${createTable('Tag')}`

  test('the statements before it are read; a table the unread rest mentions stops inject (exit 1), naming the line, and nothing is written', async () => {
    const dir = await tempProject({ 'prisma/schema.prisma': schema, [migration(INIT)]: broken })
    const run = await cli(['inject', '--cwd', dir, '--json'])
    expect(run.code).toBe(1)
    const doc = JSON.parse(run.stdout)
    expect(doc.error).toMatchObject({ code: 'plan/unreadable-sql', file: path.join(dir, migration(INIT)), line: 7 })
    expect(doc.error.message).toBe('electrify cannot tell what a migration does to annotated tables; nothing was written')
    const [unread] = doc.findings.filter((f: { severity: string }) => f.severity === 'error')
    expect(unread.message).toBe(`reading of ${INIT} stopped at line 7 (unterminated quoted string); the unread rest of the file mentions "Item" (model Item), "Tag" (model Tag), annotated with @electric, so electrify cannot tell what it does to those tables`)
    expect(doc.findings).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'migration/invalid-statement', line: 7, message: 'reading stopped at line 7: unterminated quoted string, so lines 7–12 are one statement that PostgreSQL will reject, and what they hold is not read' }))
    expect(await sqlOf(dir, INIT)).toBe(broken)

    const human = await cli(['inject', '--cwd', dir])
    expect(human.code).toBe(1)
    expect(human.stderr).toContain(`prisma/migrations/${INIT}/migration.sql:7: error[plan/unreadable-sql] reading of ${INIT} stopped at line 7`)
    expect(human.stderr).not.toMatch(/nothing to add/)
    // check says the same, as an error
    const checked = await check({}, { cwd: dir })
    expect(checked.findings).toContainEqual(expect.objectContaining({ severity: 'error', code: 'plan/unreadable-sql', line: 7 }))
  })

  test('Prisma\'s SQL for @@map("it\'s \\"quoted\\"") is not valid PostgreSQL: the model\'s table is unsure, so inject stops instead of saying no migration creates it', async () => {
    const mapped = `${DATASOURCE}\n/// @electric\nmodel Item {\n  id String @id\n  @@map("it's \\"quoted\\"")\n}\n/// @electric\nmodel Tag {\n  id String @id\n}\n`
    const sql = `-- CreateTable\nCREATE TABLE "it's "quoted"" (\n    "id" TEXT NOT NULL,\n\n    CONSTRAINT "it's "quoted"_pkey" PRIMARY KEY ("id")\n);\n\n${createTable('Tag')}`
    const dir = await tempProject({ 'prisma/schema.prisma': mapped, [migration(INIT)]: sql })
    const run = await cli(['inject', '--cwd', dir, '--json'])
    expect(run.code).toBe(1)
    const doc = JSON.parse(run.stdout)
    expect(doc.error).toMatchObject({ code: 'plan/unreadable-sql', line: 2 })
    expect(doc.findings.map((f: { code: string }) => f.code)).toEqual(['migration/invalid-statement', 'plan/unreadable-sql'])
    expect(doc.findings[1].message).toBe(`line 2 of ${INIT} is not valid PostgreSQL (syntax error at or near "quoted"); the statement mentions "it's ""quoted""" (model Item), annotated with @electric, so electrify cannot tell what it does to that table`)
    expect(await sqlOf(dir, INIT)).toBe(sql)
    // check says the same, and its fix for the other table says that this comes first.
    const checked = await check({}, { cwd: dir })
    expect(checked.findings.find((f) => f.code === 'check/not-electrified')!.hint).toBe(
      `First fix the statement electrify cannot read (plan/unreadable-sql): until then electrify stops on it. Then: Append ENABLE ELECTRIC to that migration: \`npx --no -- electrify inject ${INIT}\``,
    )
  })

  test('when the unread rest mentions no annotated table, the plan stands: a new migration electrifies the tables read before it; appending after it is refused', async () => {
    const dir = await tempProject({ 'prisma/schema.prisma': SCHEMA, [migration(INIT)]: `${TABLE}INSERT INTO "Log" VALUES ('it''s);\n` })
    const outcome = await inject({ dryRun: true, newMigration: true }, { cwd: dir })
    expect(outcome).toMatchObject({ created: true, tables: [expect.objectContaining({ table: { schema: 'public', name: 'Item' } })] })
    expect(outcome.findings).toEqual([expect.objectContaining({ severity: 'warning', code: 'migration/invalid-statement', line: 7 })])

    await expect(inject({ dryRun: true }, { cwd: dir })).rejects.toMatchObject({
      code: 'plan/unreadable-sql',
      findings: expect.arrayContaining([expect.objectContaining({ message: `reading of ${INIT} stopped at line 7 (unterminated quoted string); ENABLE ELECTRIC appended after it would be read as part of that unterminated text` })]),
    })
  })
})

test('inject reads the history through the analysis cache check keeps, and fills it', async () => {
  const dir = await tempProject({ 'prisma/schema.prisma': SCHEMA, [migration(INIT)]: TABLE, 'node_modules/.keep': '' })
  const folder = path.join(dir, 'node_modules/.cache/electrify')
  expect(existsSync(folder)).toBe(false)
  await inject({ dryRun: true }, { cwd: dir })
  const [file, ...others] = readdirSync(folder)
  expect(others).toEqual([])
  expect(file).toMatch(/^check-[0-9a-f]+\.json\.gz$/)
  // the schema and the one migration, in the file check reads (check-cache.ts)
  const kept = JSON.parse(gunzipSync(await readFile(path.join(folder, file!))).toString('utf8')) as { schema?: unknown; migrations: Record<string, unknown> }
  expect(kept.schema).toBeDefined()
  expect(Object.keys(kept.migrations)).toHaveLength(1)
  expect((await check({}, { cwd: dir })).findings.map((f) => f.code)).toEqual(['check/not-electrified'])
})
