/**
 * SQL Electric's proxy misreads, end to end through the proxy stand-in (which reads SQL as Electric
 * 0.12.1 does, from its own port of Electric's parser): electrify's appended DDLX after a last statement
 * with no `;`, and pending migrations written by hand that the proxy would refuse or crash on, which
 * electrify now stops before Prisma runs; with --no-preflight the stand-in shows the failure it foresaw.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { electrify } from './electrify-cli.js'
import { testProxies } from '../harness/in-test.js'
import { failed, lineIn, ok, rulesApp, type RulesApp } from '../rules/e2e-helpers.js'

const proxy = testProxies()

const NOTE = `/// @electric
model Note {
  id   String @id @default(uuid())
  text String
}
`
/** What Prisma writes for NOTE, without the final `;`. */
const CREATE_NOTE = `-- CreateTable
CREATE TABLE "Note" (
    "id" TEXT NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "Note_pkey" PRIMARY KEY ("id")
)`
const INIT = '20240101000000_init'

async function writeMigration(app: RulesApp, name: string, sql: string): Promise<void> {
  await mkdir(path.join(app.app.migrationsDir, name), { recursive: true })
  await writeFile(path.join(app.app.migrationsDir, name, 'migration.sql'), sql)
}

test("a hand-written migration whose last statement has no `;`: inject ends it first, and the proxy runs the DDLX", async () => {
  const app = await rulesApp(proxy, NOTE)
  await writeMigration(app, INIT, CREATE_NOTE)
  ok(await electrify(app.app.dir, ['inject']))
  const sql = await app.migrationSql(INIT)
  expect(sql.startsWith(CREATE_NOTE)).toBe(true)
  expect(sql.slice(CREATE_NOTE.length)).toBe('\n;\n\n-- electrify: enable Electric sync for annotated models\nALTER TABLE "Note" ENABLE ELECTRIC;')

  // Prisma applies the pending migration through the proxy first; nothing else is to do.
  const result = ok(await app.run(['--name', 'next', '--json']))
  expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, status: 'in-sync' })
  expect(await app.applied()).toEqual([INIT])
  expect(await app.electrified()).toEqual(['Note'])
})

/** A dropped connection, as Prisma 6 with a driver adapter words it. */
const CRASH = /external connector error/
const INVALID = /Invalid ELECTRIC statement/

/** [what, the migration's SQL after CREATE TABLE "Note" (…);, the finding's code, the text on its line, what the proxy answers] */
const REFUSED: Array<[string, string, string, string, RegExp]> = [
  ['a ; in a comment before DDLX', '-- enable sync; see the docs\nALTER TABLE "Note" ENABLE ELECTRIC;\n', 'ddlx/comment-semicolon', '-- enable sync;', INVALID],
  ['a /* */ comment before DDLX', '/* enable sync */\nALTER TABLE "Note" ENABLE ELECTRIC;\n', 'ddlx/block-comment', '/* enable', INVALID],
  ['a lone quote in a comment before DDLX', "-- the user's notes\nALTER TABLE \"Note\" ENABLE ELECTRIC;\n", 'ddlx/comment-quote', "user's", CRASH],
  ['DDLX with no ; and a comment after it', 'ALTER TABLE "Note" ENABLE ELECTRIC\n-- done\n', 'ddlx/trailing-comment', '-- done', CRASH],
  ['an unquoted name that is a DDLX keyword', 'CREATE TABLE read (id TEXT PRIMARY KEY);\nALTER TABLE read ENABLE ELECTRIC;\n', 'ddlx/keyword-name', 'ALTER TABLE read', INVALID],
  ['a malformed ELECTRIC GRANT (not EX001)', 'ALTER TABLE "Note" ENABLE ELECTRIC;\nELECTRIC GRANT ALL PRIVILEGES ON "Note" TO \'member\';\n', 'ddlx/invalid', 'ELECTRIC GRANT', INVALID],
  ['an ELECTRIC GRANT with an unquoted role', 'ALTER TABLE "Note" ENABLE ELECTRIC;\nELECTRIC GRANT ALL ON "Note" TO member;\n', 'ddlx/crash', 'ELECTRIC GRANT', CRASH],
  ['a DO block', 'DO $$ BEGIN PERFORM 1; END $$;\nALTER TABLE "Note" ENABLE ELECTRIC;\n', 'migration/do-block', 'DO $$', CRASH],
]

describe('a pending migration the proxy would refuse or crash on stops before Prisma runs', () => {
  test.each(REFUSED)('%s', async (_, rest, code, text, answer) => {
    const app = await rulesApp(proxy, NOTE)
    const sql = `${CREATE_NOTE};\n${rest}`
    await writeMigration(app, INIT, sql)
    const line = lineIn(sql, text)

    const { result, doc } = await app.json(['--name', 'next'])
    failed(result)
    expect(doc.error).toMatchObject({ code: 'rules/history-rejected', line })
    expect(doc.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.line, f.migration])).toEqual([[code, line, INIT]])
    expect(await app.app.migrations()).toEqual([INIT]) // Prisma did not run
    expect(await app.applied()).toEqual([])

    // The stand-in, reading as Electric does, refuses it (or drops the connection) when Prisma sends it.
    const forced = failed(await app.run(['--name', 'next', '--no-preflight']))
    expect(forced.stderr).toMatch(answer)
    expect(await app.electrified()).toEqual([])
    expect(await app.applied()).toEqual([])
  })

  test('a DO block applied long ago (without the proxy) still stops every migrate dev: the proxy drops the shadow replay', async () => {
    const app = await rulesApp(proxy, NOTE)
    const sql = `${CREATE_NOTE};\nDO $$ BEGIN PERFORM 1; END $$;\n`
    await writeMigration(app, INIT, sql)
    ok(await app.app.prisma(['migrate', 'deploy'], { databaseUrl: app.directUrl }))
    expect(await app.applied()).toEqual([INIT])

    const { result, doc } = await app.json(['--name', 'next'])
    failed(result)
    expect(doc.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.line])).toEqual([['migration/do-block', lineIn(sql, 'DO $$')]])
    const forced = failed(await app.run(['--name', 'next', '--no-preflight']))
    expect(forced.stderr).toMatch(/P3006\s+Migration `20240101000000_init` failed to apply cleanly to the shadow database/)
    expect(await app.app.migrations()).toEqual([INIT])
  })

  test('the DO block written as a function goes through', async () => {
    const app = await rulesApp(proxy, NOTE)
    const block = 'CREATE FUNCTION electrify_tmp() RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM 1; END $$;\nSELECT electrify_tmp();\nDROP FUNCTION electrify_tmp();\n'
    await writeMigration(app, INIT, `${CREATE_NOTE};\n${block}ALTER TABLE "Note" ENABLE ELECTRIC;\n`)
    ok(await app.run(['--name', 'next']))
    expect(await app.applied()).toEqual([INIT])
    expect(await app.electrified()).toEqual(['Note'])
  })
})

test("non-ASCII text in Prisma's migration (a plain model's `@default(\"—\")`): the DDLX goes into a migration of its own, and both apply", async () => {
  const app = await rulesApp(proxy, `${NOTE}\nmodel Setting {\n  id   String @id @default(uuid())\n  dash String @default("—")\n}\n`)
  const { result, doc } = await app.json(['--name', 'init'])
  ok(result)
  const [init, own] = await app.app.migrations()
  expect(own).toMatch(/^\d{14}_electrify_note$/)
  expect(doc).toMatchObject({ ok: true, status: 'applied', migration: own })
  const sql = await app.migrationSql(init!)
  expect(sql).not.toContain('ELECTRIC')
  expect(await app.migrationSql(own!)).toBe('-- electrify: enable Electric sync for annotated models\nALTER TABLE "Note" ENABLE ELECTRIC;\n')
  expect(doc.findings).toContainEqual(expect.objectContaining({ code: 'plan/ddlx-own-migration', severity: 'warning', line: lineIn(sql, '—') }))
  expect(await app.applied()).toEqual([init, own])
  expect(await app.electrified()).toEqual(['Note'])

  // DDLX written by hand after the same text is stopped before Prisma, with the reason
  await writeMigration(app, '20990101000000_by_hand', `-- “quoted”\nALTER TABLE "Setting" ENABLE ELECTRIC;\n`)
  const stopped = await app.json(['--name', 'next'])
  failed(stopped.result)
  expect(stopped.doc.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.line, f.electricCode])).toEqual([['ddlx/non-ascii', 1, '42601']])
})

test('an empty migration not applied yet stops the run (the proxy would never answer it); once applied it is only a warning', async () => {
  const app = await rulesApp(proxy, NOTE)
  await writeMigration(app, INIT, `${CREATE_NOTE};\n`)
  await writeMigration(app, '20240102000000_empty', '-- This is an empty migration.\n')
  const { result, doc } = await app.json(['--name', 'next'])
  failed(result)
  expect(doc.error).toMatchObject({ code: 'rules/history-rejected', line: 1 })
  expect(doc.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.migration])).toEqual([['migration/empty', '20240102000000_empty']])
  expect(await app.applied()).toEqual([])

  // applied (here straight to PostgreSQL, which answers it): the shadow replay gets an answer from the proxy too
  ok(await app.app.prisma(['migrate', 'deploy'], { databaseUrl: app.directUrl }))
  const again = await app.json(['--name', 'next'])
  ok(again.result)
  expect(again.doc.findings).toContainEqual(expect.objectContaining({ code: 'migration/empty', severity: 'warning' }))
  expect(await app.electrified()).toEqual(['Note'])
})

test('electrify deploy: a DO block already applied does not stop it (no shadow replay); a pending one does, before Prisma', async () => {
  const app = await rulesApp(proxy, NOTE)
  await writeMigration(app, INIT, `${CREATE_NOTE};\nDO $$ BEGIN PERFORM 1; END $$;\n`)
  ok(await app.app.prisma(['migrate', 'deploy'], { databaseUrl: app.directUrl })) // before Electric, straight to PostgreSQL
  await writeMigration(app, '20240102000000_electrify', 'ALTER TABLE "Note" ENABLE ELECTRIC;\n')
  const deployed = ok(await app.run(['deploy', '--json']))
  expect(JSON.parse(deployed.stdout)).toMatchObject({ ok: true, applied: ['20240102000000_electrify'] })
  expect(JSON.parse(deployed.stdout).findings).toContainEqual(expect.objectContaining({ code: 'migration/do-block', migration: INIT }))
  expect(await app.electrified()).toEqual(['Note'])

  await writeMigration(app, '20240103000000_backfill', 'DO $$ BEGIN PERFORM 1; END $$;\n')
  const { result, doc } = await app.json(['deploy'])
  failed(result)
  expect(doc.error).toMatchObject({ code: 'deploy/check-failed' })
  expect(doc.findings.filter((f) => f.code === 'migration/do-block').map((f) => f.migration)).toEqual([INIT, '20240103000000_backfill'])
  expect(await app.applied()).toEqual([INIT, '20240102000000_electrify'])
})
