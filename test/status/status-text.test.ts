/** `electrify status` for people: the model table, the lists under it and the summary line, from real reports. */
import { beforeAll, expect, test } from 'vitest'
import { analyzeMigration, type AnalyzedMigration } from '../../src/migrations/analyze-migration.js'
import { colorsFor } from '../../src/report/colors.js'
import { statusBody, statusSummary } from '../../src/report/status-text.js'
import { loadSqlParser } from '../../src/sql/statements.js'
import { statusReport } from '../../src/status/status-report.js'

const colors = colorsFor({}, { color: false })
let HISTORY: AnalyzedMigration[]
beforeAll(async () => {
  await loadSqlParser()
  HISTORY = [
    analyzeMigration({ name: '1_init', file: '/app/m/1_init/migration.sql', sql: 'CREATE TABLE "User" ("id" TEXT PRIMARY KEY);\nCREATE TABLE "Post" ("id" TEXT PRIMARY KEY);\nALTER TABLE "User" ENABLE ELECTRIC;' }),
    analyzeMigration({ name: '2_post', file: '/app/m/2_post/migration.sql', sql: 'ALTER TABLE "Post" ENABLE ELECTRIC;' }),
  ]
})

const at = '2024-01-01T00:00:00.000Z'
const record = (name: string, finishedAt: string | null = at) => ({ name, startedAt: at, finishedAt, rolledBackAt: null, logs: null })
const model = (name: string, line: number) => ({ model: name, schema: 'public', name, file: '/app/schema.prisma', line })

test('every state in the table; failed, missing and unannotated listed; each problem counted in the summary', () => {
  const report = statusReport({
    annotated: [model('User', 1), model('Post', 5), model('Tag', 9), model('Gone', 12)],
    history: [...HISTORY, analyzeMigration({ name: '3_tag', file: '/app/m/3_tag/migration.sql', sql: 'CREATE TABLE "Tag" ("id" TEXT PRIMARY KEY);' })],
    modelTables: [{ model: 'Audit', table: { schema: 'public', name: 'Audit' } }],
    database: { migrations: [record('1_init'), record('2_post', null), record('3_tag'), record('0_old')], electrified: [{ schema: 'public', name: 'Audit' }] },
  })
  expect(statusBody(report, colors).split('\n')).toEqual([
    'model  table   created by  electrified by   Electric syncs  state',
    'User   "User"  1_init      1_init           no              not synced',
    'Post   "Post"  1_init      2_post (failed)  no              failed',
    'Tag    "Tag"   3_tag       —                no              not electrified',
    'Gone   "Gone"  —           —                no              not created',
    'failed: 2_post',
    'applied but not in the migrations folder: 0_old',
    'Electric also syncs, unannotated: "Audit" (model Audit, electrified by hand)',
  ])
  expect(statusSummary(report, colors)).toBe(
    '✗ not in sync: 1 failed migration, 1 migration missing from the folder, 1 annotated model not created, 1 annotated model not electrified, 1 annotated model not synced, 1 table synced without an annotation; 2 of 3 migrations applied',
  )
})

test('nothing annotated, nothing electrified yet: said in words', () => {
  const report = statusReport({ annotated: [], history: [], database: { migrations: null, electrified: null } })
  expect(statusBody(report, colors)).toBe('no model is annotated with @electric\nno electric.electrified in this database: Electric has electrified nothing here')
  expect(statusSummary(report, colors)).toBe('✓ in sync: 0 of 0 migrations applied; no model is annotated')
})
