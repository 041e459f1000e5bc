import { beforeAll, expect, test } from 'vitest'
import { analyzeMigration } from '../../src/migrations/analyze-migration.js'
import { checkFindings, pendingMigrationFindings, projectFindings, sortFindings } from '../../src/rules/check-findings.js'
import { historyFindings } from '../../src/rules/index.js'
import { loadSqlParser } from '../../src/sql/statements.js'

beforeAll(() => loadSqlParser())

const history = (sql: string) => [analyzeMigration({ name: '1_init', file: '/app/prisma/migrations/1_init/migration.sql', sql })]

test('ENABLE before a foreign key of its table is one finding, the history rules’ placement error', () => {
  const migrations = history(`CREATE TABLE "Item" ("id" TEXT PRIMARY KEY);
CREATE TABLE "Tag" ("id" TEXT PRIMARY KEY, "itemId" TEXT);
ALTER TABLE "Tag" ENABLE ELECTRIC;
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id");`)
  expect(checkFindings({ annotated: [], history: migrations })).toEqual([])
  expect(historyFindings(migrations).map((f) => [f.code, f.line])).toEqual([['placement/enable-before-foreign-key', 4]])
})

test('a table dropped and created again with a foreign key is not electrified: only the DROP is an error', () => {
  const migrations = history(`CREATE TABLE "Item" ("id" TEXT PRIMARY KEY);
CREATE TABLE "Tag" ("id" TEXT PRIMARY KEY);
ALTER TABLE "Tag" ENABLE ELECTRIC;
DROP TABLE "Tag";
CREATE TABLE "Tag" ("id" TEXT PRIMARY KEY, "itemId" TEXT REFERENCES "Item"("id"));`)
  expect(checkFindings({ annotated: [], history: migrations })).toEqual([])
  expect(historyFindings(migrations).map((f) => [f.code, f.line])).toEqual([['additive/drop-table', 4]])
})

test('what stops a run before Prisma applies pending migrations: check’s findings in their files; statements that cannot be read are errors there', () => {
  const init = analyzeMigration({ name: '1_init', file: '/app/1/migration.sql', sql: 'CREATE TABLE "Post" ("id" TEXT PRIMARY KEY);\nUPDATEE "Post" SET "id" = 1;' })
  const next = analyzeMigration({
    name: '2_next',
    file: '/app/2/migration.sql',
    sql: 'ALTER TABLE Post ENABLE ELECTRIC;\nELECTRIC GRANT ALL ON "Post" TO \'admin\';\nUPDATEE "Post" SET "id" = 2;',
  })
  const all = projectFindings({ annotated: [], history: [init, next], loaded: [...init.findings, ...next.findings] })
  const pending = pendingMigrationFindings(all, new Set([next.file]))
  expect(pending.map((f) => [f.code, f.severity, f.line])).toEqual([
    ['check/electrify-unknown-table', 'error', 1],
    ['migration/unsupported-ddlx', 'error', 2],
    ['migration/invalid-statement', 'error', 3],
  ])
  // The same findings check gives, in the same words and order; only the severity of what cannot be read is raised.
  const inNext = sortFindings(all.filter((f) => f.file === next.file))
  expect(pending.map(({ severity, ...rest }) => rest)).toEqual(inNext.map(({ severity, ...rest }) => rest))
  expect(all.find((f) => f.file === init.file)).toMatchObject({ code: 'migration/invalid-statement', severity: 'warning' })
})
