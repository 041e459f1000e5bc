import { expect, test } from 'vitest'
import { planElectrification } from '../../src/plan/plan-electrification.js'
import type { AnnotatedTable } from '../../src/schema/annotations.js'
import { orderByDependencies } from '../../src/plan/dependency-order.js'
import { fixtureHistory } from '../fixture-history.js'
import { analyzeMigration } from '../../src/migrations/analyze-migration.js'
import { loadSqlParser } from '../../src/sql/statements.js'

const model = (name: string, table = name, schema = 'public'): AnnotatedTable => ({ model: name, schema, name: table, file: 'schema.prisma', line: 1 })
const names = (plan: { tables: { table: { name: string } }[] }) => plan.tables.map((t) => t.table.name)

test('tables created in the target migration, referenced tables first (self-reference ignored)', async () => {
  const history = await fixtureHistory('blog')
  const plan = planElectrification({ models: [model('Comment', 'comments'), model('Post'), model('User')], history, target: '20240101000000_init' })
  expect(names(plan)).toEqual(['User', 'Post', 'comments'])
  expect(plan.tables.every((t) => t.reason === 'created')).toBe(true)
  expect(plan.findings).toEqual([])
})

test('an annotation added to a model an old migration created goes into the newest migration', async () => {
  const history = await fixtureHistory('blog')
  const plan = planElectrification({ models: [model('Post')], history })
  expect(plan.migration).toBe('20240301000000_empty')
  expect(plan.tables).toEqual([{ table: { schema: 'public', name: 'Post' }, model: 'Post', reason: 'annotated-later' }])
})

test('DDLX and electrify() already in history are not repeated; only the rest is planned', async () => {
  const history = await fixtureHistory('electrified')
  const plan = planElectrification({ models: [model('Item'), model('Tag', 'tag'), model('Note')], history })
  expect(names(plan)).toEqual(['Note'])
  expect(plan.alreadyElectrified.map((t) => t.name)).toEqual(['Item', 'tag'])
})

test('a target migration that already holds its DDLX needs nothing: injecting twice changes nothing', async () => {
  const history = await fixtureHistory('electrified')
  const plan = planElectrification({ models: [model('Item')], history, target: '20240101000000_init' })
  expect(plan.tables).toEqual([])
})

test('an annotated model without a table warns, unless a later migration creates it', async () => {
  const history = await fixtureHistory('electrified')
  const early = planElectrification({ models: [model('Note'), model('Ghost')], history, target: '20240101000000_init' })
  expect(early.tables).toEqual([])
  expect(early.findings.map((f) => [f.code, f.message])).toEqual([
    ['plan/table-not-created', 'model Ghost is annotated with @electric, but no migration up to 20240101000000_init creates its table "Ghost"'],
  ])
})

test('a table a later migration electrifies gets nothing in an older target: said, not repeated; the rest still is', async () => {
  await loadSqlParser()
  const migration = (name: string, sql: string) => analyzeMigration({ name, file: `/app/prisma/migrations/${name}/migration.sql`, sql })
  const history = [
    migration('1_init', 'CREATE TABLE "Post" ("id" TEXT PRIMARY KEY);\nCREATE TABLE "Tag" ("id" TEXT PRIMARY KEY);\nCREATE TABLE "Old" ("id" TEXT PRIMARY KEY);'),
    // Renamed, then electrified under its new name; Old is dropped and created anew, then electrified: another table.
    migration('2_rename', 'ALTER TABLE "Tag" RENAME TO "Label";\nDROP TABLE "Old";\nCREATE TABLE "Old" ("id" TEXT PRIMARY KEY);'),
    migration('3_electrify', '-- by hand\nALTER TABLE "Post" ENABLE ELECTRIC;\nALTER TABLE "Label" ENABLE ELECTRIC;\nALTER TABLE "Old" ENABLE ELECTRIC;'),
  ]
  const plan = planElectrification({ models: [model('Post'), model('Tag'), model('Old')], history, target: '1_init' })
  expect(names(plan)).toEqual(['Old'])
  expect(plan.findings.map((f) => [f.code, f.severity, f.file, f.line])).toEqual([
    ['plan/electrified-later', 'warning', '/app/prisma/migrations/3_electrify/migration.sql', 2],
    ['plan/electrified-later', 'warning', '/app/prisma/migrations/3_electrify/migration.sql', 3],
  ])
  expect(plan.findings[0]!.message).toBe('"Post" (model Post) is electrified by a later migration, 3_electrify (line 2), so nothing is added for it to 1_init')
})

test('schemas, renames, drops and a foreign-key cycle', async () => {
  const history = await fixtureHistory('names')
  const plan = planElectrification({
    models: [model('Team'), model('User', 'User', 'auth'), model('Renamed', 'new_name'), model('Gone', 'Quote"d'), model('Transfer', 'Überweisung'), model('Team')],
    history,
  })
  // auth.User ⇄ Team reference each other: the cycle is broken at the table created first.
  expect(plan.tables.map((t) => `${t.table.schema}.${t.table.name}`)).toEqual(['auth.User', 'public.Team', 'public.Überweisung', 'public.new_name'])
  expect(plan.findings.map((f) => f.message)).toEqual([expect.stringContaining('"Quote""d"')])
})

test('unknown target and empty history are explained errors', async () => {
  const history = await fixtureHistory('blog')
  expect(() => planElectrification({ models: [], history, target: 'nope' })).toThrow(/no migration named nope/)
  expect(() => planElectrification({ models: [], history: [] })).toThrow(/no migrations/)
})

test('dependency order: chains, independent tables by creation rank', () => {
  const t = (name: string) => ({ table: { schema: 'public', name }, rank: name.charCodeAt(0) })
  const fk = (from: string, to: string) => ({ from: { schema: 'public', name: from }, to: { schema: 'public', name: to } })
  const ordered = orderByDependencies([t('a'), t('b'), t('c'), t('d')], [fk('a', 'b'), fk('b', 'c'), fk('a', 'a'), fk('d', 'x')], (i) => i.rank)
  expect(ordered.map((i) => i.table.name)).toEqual(['c', 'b', 'a', 'd'])
})

test('a target with non-ASCII text gets its DDLX in a migration of its own: the plan says why, at the character', async () => {
  await loadSqlParser()
  const file = '/app/prisma/migrations/20240101000000_init/migration.sql'
  const sql = `CREATE TABLE "Item" ("id" TEXT PRIMARY KEY);\n-- a note — with a dash\nCREATE TABLE "Other" ("id" TEXT PRIMARY KEY);\n`
  const read = (text: string) => [{ ...analyzeMigration({ name: '20240101000000_init', file, sql: text }), sql: text }]
  const plan = planElectrification({ models: [model('Item')], history: read(sql) })
  expect(names(plan)).toEqual(['Item'])
  expect(plan.ownMigration).toMatchObject({ severity: 'warning', code: 'plan/ddlx-own-migration', file, line: 2 })
  expect(plan.ownMigration!.message).toContain('(`—`, line 2)')
  expect(plan.findings).toEqual([])
  // ASCII text (a BOM is no text), nothing to add, or no text at hand: appended as usual
  expect(planElectrification({ models: [model('Item')], history: read(`\uFEFF${sql.replace('—', '-')}`) }).ownMigration).toBeUndefined()
  expect(planElectrification({ models: [model('Item')], history: read(`${sql}ALTER TABLE "Item" ENABLE ELECTRIC;\n`) }).ownMigration).toBeUndefined()
  expect(planElectrification({ models: [model('Item')], history: [analyzeMigration({ name: '20240101000000_init', file, sql })] }).ownMigration).toBeUndefined()
})
