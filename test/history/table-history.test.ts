import { beforeAll, describe, expect, test } from 'vitest'
import { applyTableEvent, emptyTableHistory, replayHistory, tableCreations } from '../../src/history/table-history.js'
import { analyzeMigration, type AnalyzedMigration } from '../../src/migrations/analyze-migration.js'
import { loadSqlParser } from '../../src/sql/statements.js'

let INIT: AnalyzedMigration
beforeAll(async () => {
  await loadSqlParser()
  INIT = migration(
    '1_init',
    `CREATE TABLE "User" ("id" TEXT PRIMARY KEY);
CREATE TABLE "Post" ("id" TEXT PRIMARY KEY, "authorId" TEXT REFERENCES "User"("id"));
ALTER TABLE "User" ENABLE ELECTRIC;`,
  )
})

function migration(name: string, sql: string): AnalyzedMigration {
  return analyzeMigration({ name, file: `/app/prisma/migrations/${name}/migration.sql`, sql })
}

describe('replayHistory', () => {
  test('tables, foreign keys and electrification follow a table through RENAME and SET SCHEMA', () => {
    const state = replayHistory([
      INIT,
      migration('2_move', `ALTER TABLE "User" RENAME TO "Person";\nALTER TABLE "Person" SET SCHEMA auth;\nALTER TABLE "Post" ENABLE ELECTRIC;`),
    ])
    expect([...state.tables.keys()]).toEqual(['public.Post', 'auth.Person'])
    expect(state.tables.get('auth.Person')).toEqual({ table: { schema: 'auth', name: 'Person' }, createdAt: 0, createdIn: '1_init' })
    expect(state.foreignKeys).toEqual([{ from: { schema: 'public', name: 'Post' }, to: { schema: 'auth', name: 'Person' } }])
    expect(state.electrified.get('auth.Person')).toMatchObject({ table: { schema: 'auth', name: 'Person' }, migration: '1_init', line: 3 })
    expect(state.electrified.get('public.Post')).toMatchObject({ migration: '2_move', line: 3 })
    expect(state.electrifiedUnknown).toEqual([])
  })

  test('DROP ends a table, its foreign keys and its electrification; a new CREATE of the name starts unelectrified', () => {
    const state = replayHistory([INIT, migration('2_drop', `DROP TABLE "User";\nCREATE TABLE "User" ("id" TEXT PRIMARY KEY);`)])
    expect(state.tables.get('public.User')).toMatchObject({ createdIn: '2_drop' })
    expect(state.electrified.has('public.User')).toBe(false)
    expect(state.foreignKeys).toEqual([])
  })

  test('the first ENABLE still in force is kept; ENABLE of a table not created yet is recorded as unknown', () => {
    const state = replayHistory([
      migration('1_early', 'ALTER TABLE "Item" ENABLE ELECTRIC;'),
      migration('2_init', `CREATE TABLE "Item" ("id" TEXT PRIMARY KEY);\nALTER TABLE "Item" ENABLE ELECTRIC;\nCALL electric.electrify('public', 'Item');`),
    ])
    expect(state.electrifiedUnknown).toEqual([{ table: { schema: 'public', name: 'Item' }, migration: '1_early', file: '/app/prisma/migrations/1_early/migration.sql', line: 1 }])
    // CREATE ended the unknown table's ENABLE; the ENABLE right after it is the one in force, not the CALL.
    expect(state.electrified.get('public.Item')).toMatchObject({ migration: '2_init', line: 2 })
  })

  test('folding event by event with applyTableEvent is the same as replaying the whole history', () => {
    const history = [INIT, migration('2_more', `ALTER TABLE "Post" RENAME TO "Article";\nDROP TABLE "User";`)]
    const folded = emptyTableHistory()
    for (const m of history) for (const event of m.events) applyTableEvent(folded, event, m)
    expect(folded).toEqual(replayHistory(history))
    expect(folded.events).toBe(history.reduce((n, m) => n + m.events.length, 0))
  })
})

test('tableCreations lists every CREATE TABLE with its migration and position, also of tables dropped since', () => {
  const history = [INIT, migration('2_drop', `DROP TABLE "Post";\nCREATE TABLE blog."Post" ("id" TEXT PRIMARY KEY);`)]
  expect(tableCreations(history)).toEqual([
    { table: { schema: 'public', name: 'User' }, migration: '1_init', index: 0, line: 1 },
    { table: { schema: 'public', name: 'Post' }, migration: '1_init', index: 0, line: 2 },
    { table: { schema: 'blog', name: 'Post' }, migration: '2_drop', index: 1, line: 2 },
  ])
})
