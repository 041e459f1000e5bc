import { beforeAll, expect, test } from 'vitest'
import { analyzeMigration } from '../../src/migrations/analyze-migration.js'
import { checkFindings } from '../../src/rules/check-findings.js'
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
