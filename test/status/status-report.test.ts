/** The status core: annotations, the replayed history and the database's records held against each other. */
import { beforeAll, describe, expect, test } from 'vitest'
import { analyzeMigration, type AnalyzedMigration } from '../../src/migrations/analyze-migration.js'
import type { AnnotatedTable } from '../../src/schema/annotations.js'
import { recordedStates, type DatabaseState, type MigrationRecord } from '../../src/status/database-state.js'
import { statusFindings } from '../../src/status/status-findings.js'
import { statusReport, type StatusInput } from '../../src/status/status-report.js'
import { loadSqlParser } from '../../src/sql/statements.js'

let HISTORY: AnalyzedMigration[]
beforeAll(async () => {
  await loadSqlParser()
  HISTORY = [
    migration('1_init', 'CREATE TABLE "User" ("id" TEXT PRIMARY KEY);\nCREATE TABLE "Post" ("id" TEXT PRIMARY KEY);\nALTER TABLE "User" ENABLE ELECTRIC;'),
    migration('2_post', 'ALTER TABLE "Post" ENABLE ELECTRIC;'),
  ]
})

function migration(name: string, sql: string): AnalyzedMigration {
  return analyzeMigration({ name, file: `/app/prisma/migrations/${name}/migration.sql`, sql })
}

const model = (name: string, line: number, table = name): AnnotatedTable => ({ model: name, schema: 'public', name: table, file: '/app/prisma/schema.prisma', line })
const ANNOTATED = [model('User', 3), model('Post', 9)]

let clock = 0
function applied(name: string, extra: Partial<MigrationRecord> = {}): MigrationRecord {
  const at = new Date(Date.UTC(2024, 0, 1, 0, 0, clock++)).toISOString()
  return { name, startedAt: at, finishedAt: at, rolledBackAt: null, logs: null, ...extra }
}
/** Prisma's logs of a migration the proxy refused, as the Wasm engine words them. */
const LOGS = 'external connector error\nError querying the database: ERROR: Cannot drop column "title" of electrified table "public"."Post"\nDETAIL: Electric currently only supports additive migrations (ADD COLUMN, ADD INDEX)\n   0: sql_schema_connector::apply_migration::apply_script'
const failedRecord = (name: string, logs: string) => applied(name, { finishedAt: null, logs })
const table = (name: string, schema = 'public') => ({ schema, name })

function report(database: DatabaseState, input: Partial<StatusInput> = {}) {
  return statusReport({ annotated: ANNOTATED, history: HISTORY, database, ...input })
}

describe('statusReport', () => {
  test('in sync: every migration applied, every annotated table synced and nothing else synced', () => {
    const status = report({ migrations: [applied('1_init'), applied('2_post')], electrified: [table('Post'), table('User')] })
    expect(status).toEqual({
      inSync: true,
      models: [
        { model: 'User', table: table('User'), file: '/app/prisma/schema.prisma', line: 3, created: { name: '1_init', state: 'applied' }, electrified: { name: '1_init', state: 'applied' }, synced: true, state: 'synced' },
        { model: 'Post', table: table('Post'), file: '/app/prisma/schema.prisma', line: 9, created: { name: '1_init', state: 'applied' }, electrified: { name: '2_post', state: 'applied' }, synced: true, state: 'synced' },
      ],
      migrations: { total: 2, applied: 2 },
      pending: [],
      failed: [],
      notInFolder: [],
      unannotated: [],
      database: { migrationsTable: true, electrifiedTable: true },
    })
    expect(statusFindings(status, { history: HISTORY })).toEqual([])
  })

  test('a fresh database (neither table exists): everything pending, nothing synced, and the report says the tables are missing', () => {
    const status = report({ migrations: null, electrified: null })
    expect(status.inSync).toBe(false)
    expect(status.pending).toEqual(['1_init', '2_post'])
    expect(status.models.map((m) => [m.model, m.state, m.created?.state, m.electrified?.state, m.synced])).toEqual([
      ['User', 'pending', 'pending', 'pending', false],
      ['Post', 'pending', 'pending', 'pending', false],
    ])
    expect(status.database).toEqual({ migrationsTable: false, electrifiedTable: false })
    expect(status.migrations).toEqual({ total: 2, applied: 0 })
    const findings = statusFindings(status, { history: HISTORY })
    expect(findings.map((f) => [f.severity, f.code, f.file])).toEqual([
      ['warning', 'status/pending', '/app/prisma/migrations/1_init/migration.sql'],
      ['warning', 'status/pending', '/app/prisma/migrations/2_post/migration.sql'],
    ])
    expect(findings[0]!.hint).toBe('Apply it through the proxy: `npx --no -- electrify deploy`.')
  })

  test('an annotation whose electrifying migration is pending: the model is pending, even when Electric already syncs the table', () => {
    const status = report({ migrations: [applied('1_init')], electrified: [table('User'), table('Post')] })
    expect(status.inSync).toBe(false)
    expect(status.pending).toEqual(['2_post'])
    expect(status.models.find((m) => m.model === 'Post')).toMatchObject({ electrified: { name: '2_post', state: 'pending' }, synced: true, state: 'pending' })
    expect(status.unannotated).toEqual([])
  })

  test('a failed migration: listed with its logs, not pending; its models are failed; failed wins over another attempt', () => {
    const status = report({
      migrations: [applied('1_init'), applied('2_post'), failedRecord('2_post', LOGS)],
      electrified: [table('User')],
    })
    expect(status.pending).toEqual([])
    expect(status.failed).toEqual([{ name: '2_post', startedAt: expect.any(String), logs: LOGS, inFolder: true }])
    expect(status.models.find((m) => m.model === 'Post')!.state).toBe('failed')
    const [finding] = statusFindings(status, { history: HISTORY, fixArgs: ['--cwd', 'apps/my web'] })
    expect(finding).toMatchObject({ severity: 'error', code: 'status/failed', file: '/app/prisma/migrations/2_post/migration.sql' })
    expect(finding!.message).toMatch(/^Prisma recorded migration 2_post as failed \(started .*\); it applies nothing until that is resolved: Electric refused to drop column "title" of the electrified table "Post": .*/)
    expect(finding!.hint).toBe("Fix what failed, run `prisma migrate resolve --rolled-back 2_post` through the proxy, then `npx --no -- electrify deploy --cwd 'apps/my web'`.")
  })

  test('a rolled-back attempt leaves its migration pending, as Prisma applies it again', () => {
    const status = report({ migrations: [applied('1_init'), applied('2_post', { finishedAt: null, rolledBackAt: '2024-01-02T00:00:00.000Z' })], electrified: [table('User')] })
    expect(status.pending).toEqual(['2_post'])
    expect(status.failed).toEqual([])
  })

  test('a migration applied to the database but missing from the folder', () => {
    const status = report({ migrations: [applied('1_init'), applied('2_post'), applied('3_elsewhere')], electrified: [table('User'), table('Post')] })
    expect(status.inSync).toBe(false)
    expect(status.notInFolder).toEqual(['3_elsewhere'])
    expect(statusFindings(status, { history: HISTORY }).map((f) => f.code)).toEqual(['status/not-in-folder'])
  })

  test("a failure Electric did not answer is shown by the database's error line, else by the logs' first line", () => {
    const failedWith = (logs: string) => statusFindings(report({ migrations: [applied('1_init'), failedRecord('2_post', logs)], electrified: [table('User')] }), { history: HISTORY })[0]!.message
    expect(failedWith('Migration name: 2_post\n\nDatabase error code: 42703\n\nDatabase error:\nERROR: column "x" does not exist\n')).toMatch(/resolved: column "x" does not exist$/)
    expect(failedWith('\nsomething else went wrong\nsecond line')).toMatch(/resolved: something else went wrong$/)
  })

  test('annotations no migration creates or electrifies, with or without Electric syncing the table by hand', () => {
    const annotated = [...ANNOTATED, model('Tag', 20), model('Comment', 30)]
    const history = [...HISTORY, migration('3_more', 'CREATE TABLE "Tag" ("id" TEXT PRIMARY KEY);')]
    const status = report({ migrations: ['1_init', '2_post', '3_more'].map((n) => applied(n)), electrified: [table('User'), table('Post'), table('Tag')] }, { annotated, history })
    expect(status.models.map((m) => [m.model, m.state, m.synced])).toEqual([
      ['User', 'synced', true],
      ['Post', 'synced', true],
      ['Tag', 'not-electrified', true],
      ['Comment', 'not-created', false],
    ])
    const findings = statusFindings(status, { history })
    expect(findings.map((f) => [f.code, f.line])).toEqual([
      ['status/not-electrified', 20],
      ['status/not-created', 30],
    ])
    expect(findings[0]!.message).toBe('model Tag is annotated with @electric, but no migration electrifies its table "Tag" (Electric syncs it: it was electrified by hand)')
    expect(findings[1]!.hint).toBe('Create and electrify its migration (in development, through the proxy): `npx --no -- electrify --name add_comment`.')
  })

  test('applied but not synced: the ENABLE never reached Electric; the finding says when Electric has electrified nothing here', () => {
    const database = { migrations: [applied('1_init'), applied('2_post')], electrified: [table('User')] }
    const status = report(database)
    expect(status.models.find((m) => m.model === 'Post')!.state).toBe('not-synced')
    const [finding] = statusFindings(status, { history: HISTORY })
    expect(finding).toMatchObject({ code: 'status/not-synced', line: 9 })
    expect(finding!.message).toBe('model Post: 2_post electrifies "Post" and is applied, but Electric does not sync it')
    expect(finding!.hint).toContain('Run `ALTER TABLE "Post" ENABLE ELECTRIC;` through the proxy')

    const none = statusFindings(report({ ...database, electrified: null }), { history: HISTORY })
    expect(none.map((f) => f.code)).toEqual(['status/not-synced', 'status/not-synced'])
    expect(none[0]!.message).toMatch(/\(this database has no electric\.electrified: Electric has electrified nothing here\)$/)
  })

  test('tables Electric syncs that no annotation asks for: by a model, by a migration, or by hand', () => {
    const history = [...HISTORY, migration('3_audit', 'CREATE TABLE "AuditLog" ("id" TEXT PRIMARY KEY);\nALTER TABLE "AuditLog" ENABLE ELECTRIC;')]
    const status = report(
      { migrations: ['1_init', '2_post', '3_audit'].map((n) => applied(n)), electrified: [table('AuditLog'), table('Post'), table('User'), table('legacy', 'other')] },
      { history, modelTables: [{ model: 'AuditLog', table: table('AuditLog') }, { model: 'User', table: table('User') }] },
    )
    expect(status.inSync).toBe(false)
    expect(status.unannotated).toEqual([
      { table: table('AuditLog'), model: 'AuditLog', electrified: { name: '3_audit', state: 'applied' } },
      { table: table('legacy', 'other'), model: null, electrified: null },
    ])
    const findings = statusFindings(status, { history })
    expect(findings.map((f) => [f.code, f.file])).toEqual([
      ['status/not-annotated', '/app/prisma/migrations/3_audit/migration.sql'],
      ['status/not-annotated', undefined],
    ])
    expect(findings[0]!.message).toBe('Electric syncs "AuditLog", but its model AuditLog is not annotated with @electric; migration 3_audit electrifies it')
    expect(findings[0]!.hint).toBe('Add `/// @electric` directly above `model AuditLog {`: Electric 0.x cannot stop syncing a table.')
    expect(findings[1]!.message).toBe('Electric syncs "other"."legacy", which no model of the schema maps to; no migration electrifies it (electrified by hand)')
  })

  test("a renamed table keeps the migration that created it; two models of one table are reported once", () => {
    const history = [...HISTORY, migration('3_rename', 'ALTER TABLE "Post" RENAME TO "Article";')]
    const status = report(
      { migrations: ['1_init', '2_post', '3_rename'].map((n) => applied(n)), electrified: [table('User'), table('Article')] },
      { history, annotated: [model('User', 3), model('Article', 9), model('Story', 15, 'Article')] },
    )
    expect(status.models.map((m) => [m.model, m.created?.name, m.electrified?.name, m.state])).toEqual([
      ['User', '1_init', '1_init', 'synced'],
      ['Article', '1_init', '2_post', 'synced'],
    ])
    expect(status.inSync).toBe(true)
  })
})

describe('recordedStates', () => {
  test("Prisma's reading of _prisma_migrations: applied unless rolled back; a failed attempt wins over the others", () => {
    expect(
      recordedStates([
        applied('a'),
        applied('b', { finishedAt: null, rolledBackAt: '2024-01-01T00:00:00.000Z' }),
        applied('b'),
        applied('c', { rolledBackAt: '2024-01-01T00:00:00.000Z' }),
        failedRecord('d', ''),
        applied('d'),
      ]),
    ).toEqual(new Map([['a', 'applied'], ['b', 'applied'], ['c', 'rolled-back'], ['d', 'failed']]))
  })
})
