/**
 * The cut-down trees keep exactly what electrify reads: the same table events and the same history
 * findings as the parser's full trees, on SQL that exercises every rule (test/rules/history.test.ts
 * holds the rules themselves). The corpus-wide comparison is scripts/conformance-facts.js.
 */
import { parseSync } from 'libpg-query'
import { beforeAll, describe, expect, test } from 'vitest'
import type { AnalyzedMigration } from '../../src/migrations/analyze-migration.js'
import { analyzeMigration } from '../../src/migrations/analyze-migration.js'
import { tableEventsOf } from '../../src/migrations/table-events.js'
import { historyFindings } from '../../src/rules/index.js'
import { loadSqlParser, splitStatements } from '../../src/sql/statements.js'
import { tableTree } from '../../src/sql/table-tree.js'

beforeAll(() => loadSqlParser())

const INIT = `CREATE TYPE "Role" AS ENUM ('reader', 'writer');
CREATE TYPE auth."Mood" AS ENUM ('ok', '1 bad');
CREATE TABLE "User" ("id" TEXT NOT NULL, "role" "Role", CONSTRAINT "User_pkey" PRIMARY KEY ("id"));
CREATE TABLE "Post" ("id" TEXT PRIMARY KEY, "authorId" TEXT REFERENCES "User"("id"), "parent" TEXT, FOREIGN KEY ("parent") REFERENCES auth."Other"("id"));
CREATE TABLE copy AS SELECT 1;
ALTER TABLE "User" ENABLE ELECTRIC;
ALTER TABLE "Post" ENABLE ELECTRIC;
CALL electric.electrify('auth', 'Other');`

const NEXT = `ALTER TYPE "Role" ADD VALUE 'admin';
ALTER TYPE "Role" RENAME VALUE 'reader' TO 'Reader 2';
ALTER TABLE "Post" ADD COLUMN "a" TEXT, ADD COLUMN "b" VARCHAR(191) DEFAULT 'x' NOT NULL UNIQUE, ADD COLUMN "c" INTEGER[], ADD COLUMN "d" "Role", ADD COLUMN "e" pg_catalog.numeric(10, 2), ADD COLUMN "f" TEXT REFERENCES "User"("id");
ALTER TABLE "Post" DROP COLUMN "a", ALTER COLUMN "b" TYPE TEXT USING ("b"::text), ALTER COLUMN "b" SET DEFAULT 'y', ALTER COLUMN "b" DROP NOT NULL, ADD CONSTRAINT "x" CHECK (length("b") > 1), DROP CONSTRAINT "y", OWNER TO someone;
ALTER TABLE "Post" ADD CONSTRAINT "fk" FOREIGN KEY ("b") REFERENCES "User"("id");
ALTER TABLE "Post" RENAME COLUMN "b" TO "bb";
ALTER TABLE "Post" RENAME CONSTRAINT "fk" TO "fk2";
ALTER INDEX "Post_pkey" RENAME TO "Post_pk";
ALTER TABLE "User" RENAME TO "Member";
ALTER TABLE "Member" SET SCHEMA archive;
DROP TABLE "Post", auth."Other";
DROP TYPE "Role";`

const history = (sql: string[]) => sql.map((text, i) => analyzeMigration({ name: `2024010${i}000000_m`, file: `m${i}.sql`, sql: text }))

/** The same migrations with the parser's full trees, as electrify had them before trees were cut down. */
function withFullTrees(migrations: AnalyzedMigration[], sql: string[]): AnalyzedMigration[] {
  return migrations.map((migration, i) => {
    const statements = splitStatements(sql[i]).map((s) => (s.kind === 'sql' && s.ast === undefined && s.text ? { ...s, ast: parseSync(s.text).stmts?.[0]?.stmt } : s))
    return { ...migration, statements, events: statements.flatMap(tableEventsOf) }
  })
}

describe('tableTree', () => {
  test('gives the same events and history findings as the full trees', () => {
    const sql = [INIT, NEXT]
    const cut = history(sql)
    const full = withFullTrees(cut, sql)
    expect(cut.map((m) => m.events)).toEqual(full.map((m) => m.events))
    const findings = historyFindings(cut)
    expect(findings.length).toBeGreaterThan(15)
    expect(findings).toEqual(historyFindings(full))
    const trees = (migrations: AnalyzedMigration[]) => JSON.stringify(migrations.flatMap((m) => m.statements.map((s) => s.ast))).length
    expect(trees(cut)).toBeLessThan(trees(full) / 2)
  })

  test('is the same after a JSON round trip (the cache) and when cut again', () => {
    for (const migration of history([INIT, NEXT])) {
      for (const statement of migration.statements) {
        if (!statement.ast) continue
        expect(JSON.parse(JSON.stringify(statement.ast))).toEqual(statement.ast)
        expect(tableTree(statement.ast)).toEqual(statement.ast)
      }
    }
  })

  test('statements electrify reads nothing from have no tree', () => {
    const [m] = history(['CREATE SCHEMA app; CREATE DOMAIN d AS int; COMMENT ON TABLE "User" IS \'x\'; CREATE TABLE t (id int);'])
    expect(m.statements.map((s) => (s.ast ? Object.keys(s.ast)[0] : null))).toEqual([null, null, null, 'CreateStmt'])
  })
})
